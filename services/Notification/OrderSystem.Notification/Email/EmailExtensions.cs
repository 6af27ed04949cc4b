using Microsoft.Extensions.Options;
using MimeKit;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Notification.Email;

/// <summary>Registers the email sender chosen by configuration.</summary>
public static class EmailExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SmtpOptions"/> at start-up and registers <see cref="IEmailSender"/>: SMTP when
    /// <c>Smtp:Host</c> is set, the log otherwise. The choice is made when the sender is first resolved, so settings
    /// supplied late (tests, hosting) count.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.SectionName)
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && from.Address.Contains('@', StringComparison.Ordinal),
                "Smtp:From must be an email address.")
            .Validate(o => string.IsNullOrEmpty(o.Username) || !string.IsNullOrEmpty(o.Password),
                "Smtp:Password is required when Smtp:Username is set.");
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<SmtpOptions>>().Value.IsConfigured
            ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp)
            : ActivatorUtilities.CreateInstance<LogEmailSender>(sp));
        return services;
    }
}
