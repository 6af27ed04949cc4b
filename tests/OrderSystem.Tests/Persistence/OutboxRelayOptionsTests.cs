using AwesomeAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Outbox;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Persistence;

/// <summary>The relay's settings as AddServicePersistence registers them: bound from <c>Outbox</c> and validated.</summary>
public sealed class OutboxRelayOptionsTests
{
    static OutboxRelayOptions Read(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(RealInfrastructure.ServiceSettings("Host=localhost;Database=unused", "unused"));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServicePersistence<TestDbContext, PostgresTestDbContext, SqlServerTestDbContext>();
        using var provider = builder.Services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OutboxRelayOptions>>().Value;
    }

    [Fact]
    public void A_publish_waits_thirty_seconds_for_its_confirm_unless_configured() =>
        Read([]).PublishTimeout.Should().Be(TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.500")]
    [InlineData("00:10:01")]
    public void A_publish_timeout_outside_one_second_to_ten_minutes_is_refused(string timeout)
    {
        var read = () => Read(new() { ["Outbox:PublishTimeout"] = timeout });
        read.Should().Throw<OptionsValidationException>().WithMessage("*PublishTimeout*");
    }
}
