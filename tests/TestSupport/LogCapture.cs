using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.TestSupport;

/// <summary>
/// Keeps every log line a service writes, at every level, with its scopes, so tests can read
/// them (a correlation id in the scope) or scan them (no personal data anywhere).
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Lines => _lines.ToArray();

    /// <summary>Registers the capture from <paramref name="minimum"/> up (every level by default), whatever level the service's own configuration logs at.</summary>
    public void AddTo(IServiceCollection services) => AddTo(services, LogLevel.Trace);

    public void AddTo(IServiceCollection services, LogLevel minimum)
    {
        services.AddSingleton<ILoggerProvider>(this);
        // A rule for this provider alone takes precedence over the configuration's general levels.
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, minimum, null)));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <param name="Scope">The named values of the line's scopes.</param>
    /// <param name="Text">Everything the line carries, scopes included, as one text to scan.</param>
    public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Scope, string Text);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, string?>();
            var scopeTexts = new List<string>();
            capture._scopes.ForEachScope((value, _) =>
            {
                scopeTexts.Add(value?.ToString() ?? "");
                if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        scope[key] = item?.ToString();
                        scopeTexts.Add($"{key}={item}");
                    }
                }
            }, (object?)null);
            var message = formatter(state, exception);
            var text = $"{category} {logLevel}: {message} {exception} [{string.Join("; ", scopeTexts)}]";
            capture._lines.Enqueue(new CapturedLog(category, logLevel, message, scope, text));
        }
    }
}
