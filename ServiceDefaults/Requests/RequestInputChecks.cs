using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The checks of a caller's input (path, route values, query, JSON body: a 400 naming each bad field), placed
/// after authorization so that 401 and 403 come first; without this call they run in UseServiceDefaults.
/// </summary>
public static class RequestInputChecks
{
    public static IApplicationBuilder UseRequestInputChecks(this IApplicationBuilder app)
    {
        app.Properties[RequestHygieneMiddleware.InputCheckedAfterAuthorization] = true;
        return app.UseMiddleware<RequestInputChecksMiddleware>();
    }

    /// <summary>The path, route values, query and JSON body: false when a 400 naming each bad field has been answered.</summary>
    internal static async Task<bool> CheckAsync(HttpContext context)
    {
        var request = context.Request;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (RequestHygiene.TextProblem(request.Path.Value ?? "") is { } pathProblem)
        {
            errors["path"] = [pathProblem];
        }

        CheckRouteValues(context, errors);
        var rewritten = QueryChecks.Check(context, errors);
        if (errors.Count == 0 && IsJson(request) && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not null)
        {
            await JsonBodyScanner.ScanAsync(context, errors);
        }

        if (errors.Count == 0)
        {
            await RequestBodyLimits.CheckAsync(context, errors);
        }

        if (errors.Count > 0)
        {
            await TypedResults.ValidationProblem(errors, title: "The request is not valid.").ExecuteAsync(context);
            return false;
        }

        if (rewritten is not null)
        {
            request.QueryString = rewritten.Value;
        }

        return true;
    }

    private static void CheckRouteValues(HttpContext context, Dictionary<string, string[]> errors)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not string text || name is "action" or "controller")
            {
                continue;
            }

            if (text.Length > RequestHygiene.MaxRouteValueLength)
            {
                errors[name] = [$"must be at most {RequestHygiene.MaxRouteValueLength} characters."];
            }
            else if (RequestHygiene.TextProblem(text) is { } problem)
            {
                errors[name] = [problem];
            }
        }
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } contentType
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));
}

internal sealed class RequestInputChecksMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await RequestInputChecks.CheckAsync(context))
        {
            await next(context);
        }
    }
}
