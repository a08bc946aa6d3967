using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.TestSupport;

/// <summary>Keeps every log line a service writes, with the values of its scopes, so tests can read them.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Scope);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, string?>();
            capture._scopes.ForEachScope((value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        values[key] = item?.ToString();
                    }
                }
            }, scope);
            var message = formatter(state, exception) + (exception is null ? "" : " " + exception);
            capture._lines.Enqueue(new CapturedLog(category, logLevel, message, scope));
        }
    }
}
