using Yarp.ReverseProxy.Forwarder;

namespace JusticePlatform.Gateway;

/// <summary>
/// When a service is down, slow or unreachable the caller gets a problem-details answer
/// (503, or 504 for a timeout) quickly, with Retry-After, instead of a hang or an empty 502.
/// </summary>
internal sealed class UnavailableServiceProblem(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        var noDestination = context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable;
        if ((error is null && !noDestination) || context.Response.HasStarted)
        {
            return;
        }

        var timedOut = error?.Error is ForwarderError.RequestTimedOut;
        var status = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable;
        context.Response.Clear();
        context.Response.Headers.RetryAfter = "5";
        await context.WriteProblemAsync(status,
            timedOut ? "The service did not answer in time" : "The service is unavailable",
            "Retry later; if it persists, contact the platform's operators with the correlation id.");
    }
}
