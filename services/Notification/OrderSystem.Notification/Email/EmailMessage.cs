namespace OrderSystem.Notification.Email;

/// <summary>One email to a customer about one order.</summary>
/// <param name="OrderId">The order it is about (logged, and the base of the Message-ID).</param>
/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Body">Plain-text body.</param>
public sealed record EmailMessage(Guid OrderId, string To, string Subject, string Body);
