using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One id follows a request across the gateway, every service and the events it starts: the caller's
/// well-formed X-Correlation-Id, else the trace id; echoed back, logged, tagged on the trace and kept by the outbox.
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
/// The id as a stored row keeps it: an id-shaped value as it is, any other only as a hash, since a
/// client's free text could hold a name and such rows outlive an erasure.
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
