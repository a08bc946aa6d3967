using System.Globalization;
using System.Threading.RateLimiting;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.RateLimiting;

namespace JusticePlatform.Gateway;

/// <summary>Settings under "RateLimiting": how many requests a partner may make per window.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

internal static class PartnerRateLimiting
{
    public const string PolicyName = "per-partner";

    /// <summary>
    /// One budget per partner (anonymous callers, such as token requests, share one per address),
    /// so one partner's burst of uploads never slows another. Over budget: 429 problem with Retry-After.
    /// </summary>
    public static void AddPartnerRateLimiting(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var partner = context.User.FindFirst(PartnerClaims.PartnerId)?.Value;
                var key = partner is not null ? "partner:" + partner : "address:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = 0,
                });
            });

            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This partner's limit is {options.PermitLimit} requests per {options.Window.TotalSeconds:0} seconds; retry after the time in Retry-After.");
            };
        });
    }
}
