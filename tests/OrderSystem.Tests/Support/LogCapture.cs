using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OrderSystem.Tests.Support;

/// <summary>
/// A logger provider that keeps every entry (Debug and up) of the hosts it is given to as text: message, state values,
/// scopes and exception. For tests that must prove what the services never log.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    readonly ConcurrentQueue<string> _entries = new();
    IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every entry so far.</summary>
    public IReadOnlyCollection<string> Entries => _entries;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var text = new StringBuilder().Append(category).Append(' ').Append(logLevel).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                    text.Append(" | ").Append(key).Append('=').Append(value);
            }

            capture._scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(scope), text);
            if (exception is not null)
                text.Append(" | ").Append(exception);
            capture._entries.Enqueue(text.ToString());
        }
    }
}
