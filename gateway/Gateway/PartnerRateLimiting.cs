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

    /// <summary>Put before every counter's key in Redis, so that two platforms (or two test runs) on one Redis never share a budget.</summary>
    public string KeyPrefix { get; set; } = "gateway:";
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
internal sealed class PartnerRateLimiting(
    RequestDelegate next,
    IRateLimitWindows windows,
    Microsoft.Extensions.Options.IOptions<RateLimitingOptions> settings,
    ILogger<PartnerRateLimiting> logger)
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

        var results = new List<(string Policy, int Limit, WindowCount Result)>();
        try
        {
            foreach (var (policyName, key, limit) in buckets)
            {
                results.Add((policyName, limit, await windows.AcquireAsync(key, limit, options.Window, context.RequestAborted)));
            }
        }
        catch (RateLimitStoreUnavailableException ex)
        {
            // Fail closed: no request goes on uncounted. The caller is told it is the platform's fault, not theirs.
            logger.LogError(ex.InnerException, "The rate-limit store does not answer: {Method} {Path} refused with 503.", context.Request.Method, path);
            context.Response.Headers.RetryAfter = RateLimitStoreUnavailableException.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Rate limits are unavailable",
                "The gateway cannot reach the store its rate limits are counted in, and refuses requests until it can; retry after the time in Retry-After.");
            return;
        }

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

/// <summary>One request counted in a fixed window: whether it may go on, what is left, and when the window ends.</summary>
internal readonly record struct WindowCount(bool Allowed, int Remaining, TimeSpan Reset);

/// <summary>Where the gateway counts requests: in this process (<see cref="FixedWindows"/>) or in Redis, shared by every instance (<see cref="RedisWindows"/>).</summary>
internal interface IRateLimitWindows
{
    /// <exception cref="RateLimitStoreUnavailableException">The counters cannot be reached.</exception>
    ValueTask<WindowCount> AcquireAsync(string key, int limit, TimeSpan length, CancellationToken cancellationToken);
}

/// <summary>Fixed-window counters by key in this process: the limits then hold per gateway instance.</summary>
internal sealed class FixedWindows(TimeProvider clock) : IRateLimitWindows
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _nextPurge;

    public ValueTask<WindowCount> AcquireAsync(string key, int limit, TimeSpan length, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Acquire(key, limit, length));

    public WindowCount Acquire(string key, int limit, TimeSpan length)
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

            return new WindowCount(allowed, Math.Max(0, limit - window.Count), TimeSpan.FromTicks(window.Start + length.Ticks - now));
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
