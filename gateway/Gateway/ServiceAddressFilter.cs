using JusticePlatform.BuildingBlocks.Imports;
using Yarp.ReverseProxy.Configuration;

namespace JusticePlatform.Gateway;

/// <summary>
/// Resolves a cluster destination written as "http://beneficiaries" to the address of that
/// service, read from configuration in the shape Aspire injects (services__beneficiaries__http__0).
/// Routes and clusters stay in appsettings, so ops change them without a rebuild. Every route's
/// body limit is the one upload limit (<see cref="UploadLimit"/>), not a number of its own.
/// </summary>
public sealed class ServiceAddressFilter(IConfiguration configuration, UploadLimit uploadLimit) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.Destinations is null)
        {
            return ValueTask.FromResult(cluster);
        }

        var destinations = cluster.Destinations.ToDictionary(
            pair => pair.Key,
            pair => pair.Value with { Address = Resolve(pair.Value.Address) },
            StringComparer.OrdinalIgnoreCase);
        return ValueTask.FromResult(cluster with { Destinations = destinations });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route with { MaxRequestBodySize = uploadLimit.MaxUploadBytes });

    private string Resolve(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Contains('.') || uri.IsLoopback)
        {
            return address;
        }

        var resolved = configuration[$"services:{uri.Host}:{uri.Scheme}:0"];
        return string.IsNullOrWhiteSpace(resolved) ? address : resolved;
    }
}
