using System.Net.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace JusticePlatform.Gateway;

/// <summary>
/// The passive health policy of every cluster: an instance the gateway could not even connect to
/// (its process is gone, its port closed) is taken out at once, for the cluster's reactivation
/// period, instead of after the active checks' next failures. Slow or failing answers do not count:
/// they say nothing about the instance being dead, and the active checks watch them.
/// </summary>
internal sealed class InstanceUnreachable(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "InstanceUnreachable";
    private static readonly TimeSpan DefaultReactivationPeriod = TimeSpan.FromSeconds(30);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (NoConnection(context.Features.Get<IForwarderErrorFeature>()))
        {
            var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivationPeriod;
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, reactivation);
        }
    }

    /// <summary>The request failed before a connection to the instance was made: nothing reached it.</summary>
    public static bool NoConnection(IForwarderErrorFeature? error)
    {
        for (var exception = error?.Exception; exception is not null; exception = exception.InnerException)
        {
            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }
}
