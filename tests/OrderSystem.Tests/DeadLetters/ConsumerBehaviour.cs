using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.ServiceDefaults;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>
/// Test-only failure switch for <see cref="SwitchableConsumer"/>, keyed by SKU: fail the next N attempts, or fail every
/// attempt until switched off. Lives in the test project only; production consumers have no such hooks.
/// </summary>
public sealed class ConsumerBehaviour
{
    readonly Lock _lock = new();
    readonly Dictionary<string, (int Times, Func<string, Exception> Failure)> _failNext = [];
    readonly Dictionary<string, Func<string, Exception>> _failAlways = [];
    readonly Dictionary<string, int> _attempts = [];

    /// <summary>The next <paramref name="times"/> attempts for <paramref name="sku"/> throw (by default an InvalidOperationException).</summary>
    public void FailNext(string sku, int times, Func<string, Exception>? failure = null)
    {
        lock (_lock)
            _failNext[sku] = (times, failure ?? (text => new InvalidOperationException($"Hiccup for {text}")));
    }

    /// <summary>Every attempt for <paramref name="sku"/> throws until switched off.</summary>
    public void FailAlways(string sku, bool on, Func<string, Exception>? failure = null)
    {
        lock (_lock)
        {
            if (on)
                _failAlways[sku] = failure ?? (text => new InvalidOperationException($"Handler bug for {text}"));
            else
                _failAlways.Remove(sku);
        }
    }

    public int Attempts(string sku)
    {
        lock (_lock)
            return _attempts.GetValueOrDefault(sku);
    }

    internal void Run(string sku)
    {
        lock (_lock)
        {
            var attempt = _attempts[sku] = _attempts.GetValueOrDefault(sku) + 1;
            if (_failAlways.TryGetValue(sku, out var always))
                throw always($"{sku} (attempt {attempt})");
            if (_failNext.TryGetValue(sku, out var next) && next.Times > 0)
            {
                _failNext[sku] = (next.Times - 1, next.Failure);
                throw next.Failure($"{sku} (attempt {attempt})");
            }
        }
    }
}
