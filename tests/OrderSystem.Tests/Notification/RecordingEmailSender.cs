using System.Collections.Concurrent;
using OrderSystem.Notification.Email;

namespace OrderSystem.Tests.Notification;

/// <summary>Records what would be emailed; can be told to fail the first attempt for an order.</summary>
public sealed class RecordingEmailSender : IEmailSender
{
    readonly ConcurrentDictionary<Guid, int> _failuresLeft = new();

    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    public ConcurrentQueue<EmailMessage> Attempts { get; } = new();

    public string Channel => "recorder";

    public void FailOnce(Guid orderId) => _failuresLeft[orderId] = 1;

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(message);
        if (_failuresLeft.TryGetValue(message.OrderId, out var left) && left > 0 && _failuresLeft.TryUpdate(message.OrderId, left - 1, left))
            throw new IOException("SMTP server hung up (simulated)");
        Sent.Enqueue(message);
        return Task.CompletedTask;
    }
}
