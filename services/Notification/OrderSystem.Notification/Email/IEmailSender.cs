namespace OrderSystem.Notification.Email;

/// <summary>One email to a customer about one order.</summary>
/// <param name="OrderId">The order it is about (logged, and the base of the Message-ID).</param>
/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Body">Plain-text body.</param>
public sealed record EmailMessage(Guid OrderId, string To, string Subject, string Body);

/// <summary>Sends customer emails. Behind an interface so that tests can observe what would be sent.</summary>
public interface IEmailSender
{
    /// <summary>The channel recorded on the notification: <c>smtp</c> or <c>log</c>.</summary>
    string Channel { get; }

    /// <summary>Sends <paramref name="message"/>; throws when it could not be handed over.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
