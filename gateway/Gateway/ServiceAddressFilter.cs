using JusticePlatform.BuildingBlocks.Imports;
using Yarp.ReverseProxy.Configuration;

namespace JusticePlatform.Gateway;

/// <summary>
/// Resolves a cluster destination written as "http://beneficiaries" to the addresses of that
/// service's instances, read from configuration in the shape Aspire injects: services__beneficiaries__http__0,
/// __1 and so on, one per instance (the AppHost gives one index per replica). One address keeps the
/// destination's own name; several are named after it with the index ("primary", "primary-1").
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

        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, destination) in cluster.Destinations)
        {
            var addresses = Resolve(destination.Address);
            for (var index = 0; index < addresses.Count; index++)
            {
                destinations[index == 0 ? name : $"{name}-{index}"] = destination with { Address = addresses[index] };
            }
        }

        return ValueTask.FromResult(cluster with { Destinations = destinations });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route with { MaxRequestBodySize = uploadLimit.MaxUploadBytes });

    private List<string> Resolve(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Contains('.') || uri.IsLoopback)
        {
            return [address];
        }

        var instances = configuration.GetSection($"services:{uri.Host}:{uri.Scheme}").GetChildren()
            .Select(instance => (Index: int.TryParse(instance.Key, out var index) ? index : int.MaxValue, instance.Value))
            .Where(instance => instance.Index != int.MaxValue && !string.IsNullOrWhiteSpace(instance.Value))
            .OrderBy(instance => instance.Index)
            .Select(instance => instance.Value!)
            .ToList();
        return instances.Count > 0 ? instances : [address];
    }
}
