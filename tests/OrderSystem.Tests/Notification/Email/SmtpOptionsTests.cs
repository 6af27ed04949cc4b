using AwesomeAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderSystem.Notification.Email;

namespace OrderSystem.Tests.Notification.Email;

/// <summary>SMTP settings are validated at start-up and pick the sender.</summary>
public sealed class SmtpOptionsTests
{
    static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddLogging()
        .AddEmail()
        .BuildServiceProvider();

    [Fact]
    public void Without_a_host_emails_are_logged()
    {
        using var provider = Build([]);
        provider.GetRequiredService<IEmailSender>().Should().BeOfType<LogEmailSender>().Which.Channel.Should().Be("log");
        var options = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;
        options.Port.Should().Be(1025);
        options.From.Should().Be("orders@ordersystem.local");
    }

    [Fact]
    public void With_a_host_emails_go_over_smtp() =>
        Build(new() { ["Smtp:Host"] = "localhost" }).GetRequiredService<IEmailSender>().Should().BeOfType<SmtpEmailSender>()
            .Which.Channel.Should().Be("smtp");

    [Theory]
    [InlineData("Smtp:From", "not an address")]
    [InlineData("Smtp:Port", "0")]
    [InlineData("Smtp:Username", "someone")]
    public void Invalid_settings_fail_validation(string key, string value)
    {
        using var provider = Build(new() { ["Smtp:Host"] = "localhost", [key] = value });
        var read = () => provider.GetRequiredService<IOptions<SmtpOptions>>().Value;
        read.Should().Throw<OptionsValidationException>();
    }
}
