using JusticePlatform.BuildingBlocks.Imports;
using Yarp.ReverseProxy.Forwarder;

namespace JusticePlatform.Gateway;

/// <summary>
/// Answers what went wrong while forwarding as a problem document, telling the caller's mistakes
/// from the platform's: a body over the limit is a 413, one sent too slowly a 408, one that could
/// not be read a 400 — never retried — while a service that is down, slow or unreachable is a 503
/// (504 for a timeout) with Retry-After, quickly, instead of a hang or an empty 502.
/// </summary>
internal sealed class UnavailableServiceProblem(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UploadLimit uploadLimit)
    {
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        var noDestination = context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable;
        if ((error is null && !noDestination) || context.Response.HasStarted)
        {
            return;
        }

        if (error?.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled || context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: there is no one to answer.
            return;
        }

        context.Response.Clear();
        if (ClientError(error, uploadLimit) is { } clientError)
        {
            await context.WriteProblemAsync(clientError.Status, clientError.Title, clientError.Detail);
            return;
        }

        var timedOut = error?.Error is ForwarderError.RequestTimedOut;
        var status = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await context.WriteProblemAsync(status,
            timedOut ? "The service did not answer in time" : "The service is unavailable",
            "Retry later; if it persists, contact the platform's operators with the correlation id.");
    }

    private static (int Status, string Title, string Detail)? ClientError(IForwarderErrorFeature? error, UploadLimit uploadLimit)
    {
        for (var exception = error?.Exception; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException bad)
            {
                return bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => (bad.StatusCode, "The request body is too large", $"A request body may hold at most {uploadLimit.Describe()}; split the upload."),
                    StatusCodes.Status408RequestTimeout => (bad.StatusCode, "The request body was sent too slowly", "Send the body again at a steadier rate."),
                    _ => (bad.StatusCode, "The request could not be read", "The request or its body is not well formed."),
                };
            }
        }

        return error?.Error is ForwarderError.RequestBodyClient
            ? (StatusCodes.Status400BadRequest, "The request body could not be read", "The body ended early or is not well formed.")
            : null;
    }
}
