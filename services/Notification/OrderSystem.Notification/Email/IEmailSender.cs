namespace OrderSystem.Notification.Email;

/// <summary>Sends customer emails. Behind an interface so that tests can observe what would be sent.</summary>
public interface IEmailSender
{
    /// <summary>The channel recorded on the notification: <c>smtp</c> or <c>log</c>.</summary>
    string Channel { get; }

    /// <summary>Sends <paramref name="message"/>; throws when it could not be handed over.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
