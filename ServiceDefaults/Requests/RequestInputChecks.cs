using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The request checks that judge a caller's input (path, query, JSON body: 400 naming each bad
/// field), placed after authentication and authorization so that a caller without a token hears
/// 401 and one without the scope 403 before anything about its input. A pipeline that does not
/// call it keeps them in <see cref="ServiceDefaultsExtensions.UseServiceDefaults"/>, before any endpoint.
/// </summary>
public static class RequestInputChecks
{
    public static IApplicationBuilder UseRequestInputChecks(this IApplicationBuilder app)
    {
        app.Properties[RequestHygieneMiddleware.InputCheckedAfterAuthorization] = true;
        return app.UseMiddleware<RequestInputChecksMiddleware>();
    }
}

internal sealed class RequestInputChecksMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await RequestHygieneMiddleware.CheckInputAsync(context))
        {
            await next(context);
        }
    }
}
