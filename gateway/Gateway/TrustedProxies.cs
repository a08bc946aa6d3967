using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace JusticePlatform.Gateway;

/// <summary>Settings under "ForwardedHeaders": the proxies in front of the gateway whose X-Forwarded-For and -Proto are believed.</summary>
public sealed class TrustedProxiesOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the load balancers or ingress in front of the gateway ("10.0.0.5").</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of them, in CIDR ("10.0.0.0/24").</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// X-Forwarded-For decides a caller's address, and so its rate-limit bucket: it is believed only
/// from the proxies configured here. With none configured (the default), no one's is, not even a
/// loopback caller's, and the connection's own address counts.
/// </summary>
internal static class TrustedProxies
{
    public static void AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var trusted = builder.Configuration.GetSection(TrustedProxiesOptions.Section).Get<TrustedProxiesOptions>() ?? new TrustedProxiesOptions();
        var proxies = trusted.KnownProxies.Select(IPAddress.Parse).ToList();
        var networks = trusted.KnownNetworks.Select(System.Net.IPNetwork.Parse).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // ASP.NET Core believes every sender when both lists are empty: then nothing forwarded is read at all.
            options.ForwardedHeaders = proxies.Count + networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
    }
}
