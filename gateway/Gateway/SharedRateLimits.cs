using System.Threading.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace JusticePlatform.Gateway;

/// <summary>
/// Fixed-window counters in Redis (RedisRateLimiting's script, one atomic step per request), so that
/// a budget holds in sum over every gateway instance that shares the Redis.
/// </summary>
internal sealed class RedisWindows(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> settings) : IRateLimitWindows
{
    public async ValueTask<WindowCount> AcquireAsync(string key, int limit, TimeSpan length, CancellationToken cancellationToken)
    {
        // A limiter is a key and a limit around the shared connection: made per request, nothing to cache or forget.
        using var limiter = new RedisFixedWindowRateLimiter<string>(settings.Value.KeyPrefix + key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = length,
            ConnectionMultiplexerFactory = () => redis,
        });

        try
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken);
            var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var left) ? (int)left : 0;
            var reset = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : length;
            return new WindowCount(lease.IsAcquired, remaining, reset);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw new RateLimitStoreUnavailableException(ex);
        }
    }
}

/// <summary>The counters cannot be reached: the request is refused (503), never let through uncounted.</summary>
internal sealed class RateLimitStoreUnavailableException(Exception inner)
    : Exception("The rate-limit store does not answer.", inner)
{
    /// <summary>What a refused caller is told to wait: long enough not to hammer, short enough to notice Redis is back.</summary>
    public const int RetryAfterSeconds = 5;
}

/// <summary>
/// Shows on /health when Redis does not answer. Degraded, not Unhealthy: every instance shares the one
/// Redis, so an Unhealthy readiness would take every gateway out of its load balancer at once and callers
/// would get the balancer's bare error instead of the gateway's 503 problem that says what is wrong.
/// </summary>
internal sealed class RateLimitStoreHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "rate-limit-store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy("Rate limits are counted in Redis, shared by every gateway instance.");
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "Redis does not answer: requests that need a rate limit are refused with 503 until it does.", ex);
        }
    }
}

/// <summary>Says once, at start, where the limits are counted, so that per-instance limits never go unnoticed.</summary>
internal sealed class RateLimitStoreAnnouncement(ILogger<RateLimitStoreAnnouncement> logger, bool shared) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (shared)
        {
            logger.LogInformation("Rate limits are counted in Redis (ConnectionStrings:{Name}) and hold across every gateway instance.", PartnerRateLimitingExtensions.RedisConnectionName);
        }
        else
        {
            logger.LogWarning("Rate limits are counted in this process and hold PER GATEWAY INSTANCE: ConnectionStrings:{Name} is not set. Run one instance only, or give every instance the same Redis.", PartnerRateLimitingExtensions.RedisConnectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class PartnerRateLimitingExtensions
{
    public const string RedisConnectionName = "redis";

    /// <summary>
    /// With ConnectionStrings:redis the budgets live in Redis and hold across instances; without it, in this
    /// process (one gateway, tests of one gateway). Production refuses to start without it (fail closed):
    /// per-instance budgets multiply with the number of replicas.
    /// </summary>
    public static void AddPartnerRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitingOptions>(builder.Configuration.GetSection(RateLimitingOptions.Section));

        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            if (builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{RedisConnectionName} is not set: in Production the gateway counts its rate limits in Redis, " +
                    "shared by every instance (docs/OPERATIONS.md, \"Shared rate limits\").");
            }

            builder.Services.AddSingleton<IRateLimitWindows, FixedWindows>();
        }
        else
        {
            var options = ConfigurationOptions.Parse(redis);
            // Start without Redis and keep trying; while it is away, fail each command at once rather than queue it.
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
            builder.Services.AddSingleton<IRateLimitWindows, RedisWindows>();
            builder.Services.AddHealthChecks().AddCheck<RateLimitStoreHealthCheck>(RateLimitStoreHealthCheck.Name, HealthStatus.Degraded);
        }

        builder.Services.AddHostedService(services =>
            new RateLimitStoreAnnouncement(services.GetRequiredService<ILogger<RateLimitStoreAnnouncement>>(), !string.IsNullOrWhiteSpace(redis)));

        // Routes in configuration name this policy; the limits are applied by PartnerRateLimiting to every request.
        builder.Services.AddRateLimiter(limiter =>
            limiter.AddPolicy(PartnerRateLimiting.PolicyName, _ => RateLimitPartition.GetNoLimiter("all")));
    }
}
