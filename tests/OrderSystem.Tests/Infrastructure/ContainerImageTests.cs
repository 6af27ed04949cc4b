using AwesomeAssertions;
using OrderSystem.Testing;

namespace OrderSystem.Tests.Infrastructure;

/// <summary>The Testcontainers path runs the versions docker-compose.yml pins, to the patch level.</summary>
public sealed class ContainerImageTests
{
    [Fact]
    public void Test_containers_use_the_images_compose_pins()
    {
        TestInfrastructure.RabbitMqImage.Should().MatchRegex(@"^rabbitmq:\d+\.\d+\.\d+-management$");
        TestInfrastructure.SqlServerImage.Should().MatchRegex(@"^mcr\.microsoft\.com/mssql/server:2022-CU\d+-ubuntu-22\.04$");
        ComposeImages.Of("rabbitmq-definitions").Should().Be(TestInfrastructure.RabbitMqImage, "one broker version in compose");
    }
}
