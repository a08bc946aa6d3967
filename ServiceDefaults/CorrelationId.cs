using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One id follows a request across the gateway and every service: taken from the caller's
/// X-Correlation-Id header when it is well formed, otherwise the trace id; echoed back on the
/// response, put in the log scope and tagged on the current trace. It also flows with the work
/// the request starts (<see cref="Current"/>): the outbox stores it with each event, and the
/// consumers of the event log under it.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    public const string ItemKey = "CorrelationId";
    public const string ScopeKey = "CorrelationId";

    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The id of the request or message being handled on this async flow, if any.</summary>
    public static string? Current => Ambient.Value;

    /// <summary>
    /// The id as a stored row keeps it (an event's outbox row, an audit entry). A correlation id is
    /// the client's free text: it could hold a name, and such rows outlive an erasure. An id-shaped
    /// value (a UUID or a hex trace id) is kept as it is, anything else only as a hash, which still
    /// lets the ops team follow it.
    /// </summary>
    public static string? ForStorage(string? correlationId)
    {
        if (string.IsNullOrEmpty(correlationId))
        {
            return null;
        }

        var idShaped = Guid.TryParse(correlationId, out _)
            || (correlationId.Length is 16 or 32 && correlationId.All(char.IsAsciiHexDigit));
        return idShaped
            ? correlationId
            : "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(correlationId)))[..32].ToLowerInvariant();
    }

    /// <summary>
    /// Makes <paramref name="correlationId"/> the current id and opens a log scope carrying it, until
    /// disposed; null when there is no id (nothing changes then).
    /// </summary>
    public static IDisposable? Begin(ILogger logger, string? correlationId)
    {
        if (!IsWellFormed(correlationId))
        {
            return null;
        }

        var previous = Ambient.Value;
        Ambient.Value = correlationId;
        var scope = logger.BeginScope(new Dictionary<string, object> { [ScopeKey] = correlationId! });
        return new Restore(scope, previous);
    }

    private sealed class Restore(IDisposable? scope, string? previous) : IDisposable
    {
        public void Dispose()
        {
            scope?.Dispose();
            Ambient.Value = previous;
        }
    }

    public static string? Get(HttpContext? context) =>
        context is not null && context.Items.TryGetValue(ItemKey, out var value) ? value as string : null;

    internal static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 128
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}

internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[CorrelationId.HeaderName].ToString();
        var correlationId = CorrelationId.IsWellFormed(incoming)
            ? incoming
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

        context.Items[CorrelationId.ItemKey] = correlationId;
        context.Request.Headers[CorrelationId.HeaderName] = correlationId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationId.HeaderName] = correlationId;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("correlation.id", correlationId);

        using (CorrelationId.Begin(logger, correlationId))
        {
            await next(context);
        }
    }
}
