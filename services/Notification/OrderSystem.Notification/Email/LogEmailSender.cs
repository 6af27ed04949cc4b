namespace OrderSystem.Notification.Email;

/// <summary>Used when no SMTP host is configured: the email is written to the log instead (body only at Debug).</summary>
public sealed class LogEmailSender(ILogger<LogEmailSender> logger) : IEmailSender
{
    /// <inheritdoc />
    public string Channel => "log";

    /// <inheritdoc />
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("Email (not sent: no Smtp:Host) to {To} about order {OrderId}: {Subject}", message.To, message.OrderId, message.Subject);
        logger.LogDebug("Email body for order {OrderId}: {Body}", message.OrderId, message.Body);
        return Task.CompletedTask;
    }
}
