using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The checks of every request before any endpoint, the same in the gateway and every service: URL
/// length (414), header size (431) and text (400), body size (413); then its input, unless checked after authorization.
/// </summary>
internal sealed class RequestHygieneMiddleware(RequestDelegate next, IDictionary<string, object?> pipeline)
{
    /// <summary>Set on the application's pipeline by <see cref="RequestInputChecks.UseRequestInputChecks"/>: the input is checked there, after authorization.</summary>
    public const string InputCheckedAfterAuthorization = "RequestHygiene.InputCheckedAfterAuthorization";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > RequestHygiene.MaxUrlLength)
        {
            await context.WriteProblemAsync(StatusCodes.Status414UriTooLong, "The URL is too long",
                $"The path and query may hold at most {RequestHygiene.MaxUrlLength} characters.");
            return;
        }

        var headerProblem = HeaderProblem(request.Headers, out var headersTooLarge);
        if (headersTooLarge)
        {
            await context.WriteProblemAsync(StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large",
                $"The headers may hold at most {RequestHygiene.MaxHeadersLength} characters in all.");
            return;
        }

        if (headerProblem is not null)
        {
            await context.WriteProblemAsync(StatusCodes.Status400BadRequest, "A request header is not valid", headerProblem);
            return;
        }

        if (request.ContentLength is { } length && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max && length > max)
        {
            await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, "The request body is too large",
                $"A request body may hold at most {max} bytes.");
            return;
        }

        // A caller is told first that it may not call (401, 403), then what is wrong with its request.
        if (!pipeline.ContainsKey(InputCheckedAfterAuthorization) && !await RequestInputChecks.CheckAsync(context))
        {
            return;
        }

        await next(context);
    }

    /// <summary>Header values must be printable ASCII (RFC 9110): anything else cannot be forwarded and is refused, naming the header.</summary>
    private static string? HeaderProblem(IHeaderDictionary headers, out bool tooLarge)
    {
        var total = 0;
        string? problem = null;
        foreach (var (name, values) in headers)
        {
            total += name.Length;
            foreach (var value in values)
            {
                total += value?.Length ?? 0;
                if (problem is null && value is not null && value.Any(c => c is > '\u007e' || (c < ' ' && c != '\t')))
                {
                    problem = $"The header '{name}' may hold only printable ASCII characters.";
                }
            }
        }

        tooLarge = total > RequestHygiene.MaxHeadersLength;
        return problem;
    }
}
