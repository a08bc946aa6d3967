using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace JusticePlatform.Gateway;

/// <summary>Settings under "RateLimiting": how many requests each kind of caller may make per window.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>API calls per partner (whatever its clients or addresses).</summary>
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Token requests naming one client id from one address: a secret cannot be guessed at speed,
    /// and guesses from one address cannot lock the client out of the others (its own office).
    /// </summary>
    public int TokenPermitLimitPerClientAndAddress { get; set; } = 20;

    /// <summary>Token requests from one address, whatever client id they name.</summary>
    public int TokenPermitLimitPerAddress { get; set; } = 60;

    /// <summary>Every other request without a valid partner token (missing, expired, forged; the API reference), per address.</summary>
    public int AnonymousPermitLimit { get; set; } = 300;
}

/// <summary>
/// The gateway's budgets, each in its own bucket so that no kind of traffic spends another's:
/// a partner's API calls (by the partner in its validated token); token requests (by the client id
/// they name from one address and, separately, by address, so that failed guesses from one address
/// never refuse the right secret from another); everything unauthenticated (by address). The address is
/// the connection's, or the one a configured proxy forwarded (see <see cref="TrustedProxies"/>).
/// Every answer carries the IETF RateLimit-Policy and RateLimit fields; over budget, a 429 problem
/// with Retry-After.
/// </summary>
internal sealed class PartnerRateLimiting(RequestDelegate next, FixedWindows windows, Microsoft.Extensions.Options.IOptions<RateLimitingOptions> settings)
{
    public const string TokenPath = "/connect/token";

    /// <summary>Named by the routes in configuration; the limits themselves apply to every request, routed or not (fail closed).</summary>
    public const string PolicyName = "per-partner";

    private const int MaxTokenRequestBody = 16 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath))
        {
            await next(context);
            return;
        }

        var options = settings.Value;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        List<(string Policy, string Key, int Limit)> buckets;
        if (path.StartsWithSegments(TokenPath) && HttpMethods.IsPost(context.Request.Method))
        {
            var clientId = await ClientIdAsync(context);
            buckets = [("token-address", "token-address:" + address, options.TokenPermitLimitPerAddress)];
            if (clientId is not null)
            {
                buckets.Add(("token-client", $"token-client:{address}|{clientId}", options.TokenPermitLimitPerClientAndAddress));
            }
        }
        else if (context.User.FindFirst(PartnerClaims.PartnerId)?.Value is { } partner)
        {
            buckets = [("partner", "partner:" + partner, options.PermitLimit)];
        }
        else
        {
            buckets = [("anonymous", "anonymous:" + address, options.AnonymousPermitLimit)];
        }

        var results = buckets.Select(b => (b.Policy, b.Limit, Result: windows.Acquire(b.Key, b.Limit, options.Window))).ToList();
        var window = (int)options.Window.TotalSeconds;
        var policy = string.Join(", ", results.Select(r => $"\"{r.Policy}\";q={r.Limit};w={window}"));
        var state = string.Join(", ", results.Select(r => $"\"{r.Policy}\";r={r.Result.Remaining};t={Seconds(r.Result.Reset)}"));
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["RateLimit-Policy"] = policy;
            context.Response.Headers["RateLimit"] = state;
            return Task.CompletedTask;
        });

        var refused = results.Where(r => !r.Result.Allowed).ToList();
        if (refused.Count > 0)
        {
            var wait = refused.Max(r => r.Result.Reset);
            context.Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
            await context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"The limit of the '{refused[0].Policy}' budget is {refused[0].Limit} requests per {window} seconds; retry after the time in Retry-After.");
            return;
        }

        await next(context);
    }

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    /// <summary>
    /// The client id a token request names: in HTTP Basic credentials or in the form. The form is
    /// read once, buffered (it is small: at most 16 KB), and given on to the identity service unchanged.
    /// </summary>
    private static async Task<string?> ClientIdAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return Normalise(Uri.UnescapeDataString(colon < 0 ? decoded : decoded[..colon]));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        if (!request.HasFormContentType)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxTokenRequestBody;
        }

        if (request.ContentLength is > MaxTokenRequestBody)
        {
            return null;
        }

        try
        {
            request.EnableBuffering(MaxTokenRequestBody);
            var form = await request.ReadFormAsync(context.RequestAborted);
            request.Body.Position = 0;
            return Normalise(form["client_id"].ToString());
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private static string? Normalise(string clientId)
    {
        var id = clientId.Trim().ToLowerInvariant();
        return id.Length == 0 ? null : id.Length > 100 ? id[..100] : id;
    }
}

/// <summary>Fixed-window counters by key, with what each answer needs to tell the caller: what is left, and when the window ends.</summary>
internal sealed class FixedWindows(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _nextPurge;

    public readonly record struct Result(bool Allowed, int Remaining, TimeSpan Reset);

    public Result Acquire(string key, int limit, TimeSpan length)
    {
        var now = clock.GetUtcNow().UtcTicks;
        PurgeExpired(now, length);
        var window = _windows.GetOrAdd(key, _ => new Window { Start = now });
        lock (window)
        {
            if (now - window.Start >= length.Ticks)
            {
                window.Start = now;
                window.Count = 0;
            }

            var allowed = window.Count < limit;
            if (allowed)
            {
                window.Count++;
            }

            return new Result(allowed, Math.Max(0, limit - window.Count), TimeSpan.FromTicks(window.Start + length.Ticks - now));
        }
    }

    /// <summary>Forgets ended windows once a window, so that addresses seen once do not pile up.</summary>
    private void PurgeExpired(long now, TimeSpan length)
    {
        var next = Interlocked.Read(ref _nextPurge);
        if (now < next || Interlocked.CompareExchange(ref _nextPurge, now + length.Ticks, next) != next)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            if (now - window.Start >= length.Ticks)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
            }
        }
    }

    private sealed class Window
    {
        public long Start;
        public int Count;
    }
}

internal static class PartnerRateLimitingExtensions
{
    public static void AddPartnerRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitingOptions>(builder.Configuration.GetSection(RateLimitingOptions.Section));
        builder.Services.AddSingleton<FixedWindows>();

        // Routes in configuration name this policy; the limits are applied by PartnerRateLimiting to every request.
        builder.Services.AddRateLimiter(limiter =>
            limiter.AddPolicy(PartnerRateLimiting.PolicyName, _ => RateLimitPartition.GetNoLimiter("all")));
    }
}
