using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace JusticePlatform.Gateway;

/// <summary>
/// A request that failed on one instance before any answer came back is sent to another instance
/// of the same service, once per instance, when doing so cannot do the work twice:
/// <list type="bullet">
/// <item>the gateway could not connect to the instance at all (nothing reached it): any request;</item>
/// <item>the connection broke after the request was sent (the instance died while working on it):
/// only a request that is safe to repeat, an idempotent method (GET, HEAD, OPTIONS, PUT, DELETE) or
/// a create carrying an Idempotency-Key, which the service answers from its record of the first
/// attempt if that one committed. A POST without a key is not retried: the first attempt may have
/// written, and the caller gets the 503 and decides.</item>
/// </list>
/// Timeouts are not retried (a slow service would get the load twice), nor an answer of the
/// service, whatever its status. Bodies are kept for a second attempt, in memory up to
/// <see cref="MaxReplayedBody"/> (a chunked one beyond that in a temporary file); an upload that
/// declares a larger length goes once.
/// </summary>
internal sealed class RetryOnAnotherInstance(RequestDelegate next, ILogger<RetryOnAnotherInstance> logger)
{
    public const long MaxReplayedBody = 1024 * 1024;
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations.Count < 2 || context.Request.ContentLength > MaxReplayedBody)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering(bufferThreshold: (int)MaxReplayedBody);
        // Load balancing narrows the feature's list to the one destination it picked: keep the whole list.
        var candidates = proxy.AvailableDestinations;
        var tried = new List<DestinationState>();
        while (true)
        {
            await next(context);

            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            var failed = proxy.ProxiedDestination;
            if (!SafeToRepeat(context.Request, error))
            {
                logger.LogWarning(error.Exception, "{Method} {Path} failed on {Cluster}/{Destination} ({Error}) and is not repeated: it may have done its work there",
                    context.Request.Method, context.Request.Path, proxy.Cluster.Config.ClusterId, failed?.DestinationId, error.Error);
                return;
            }

            if (failed is not null)
            {
                tried.Add(failed);
            }

            var others = candidates.Where(destination => !tried.Contains(destination)).ToList();
            if (others.Count == 0)
            {
                return;
            }

            logger.LogWarning(error.Exception, "{Method} {Path} failed on {Cluster}/{Destination} ({Error}) before any answer; sending it to another instance",
                context.Request.Method, context.Request.Path, proxy.Cluster.Config.ClusterId, failed?.DestinationId, error.Error);

            proxy.AvailableDestinations = others;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.Request.Body.Position = 0;
        }
    }

    private static bool SafeToRepeat(HttpRequest request, IForwarderErrorFeature error)
    {
        if (InstanceUnreachable.NoConnection(error))
        {
            return true;
        }

        return error.Error is ForwarderError.Request or ForwarderError.RequestBodyDestination
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method)
                || request.Headers.ContainsKey(IdempotencyKeyHeader));
    }
}
