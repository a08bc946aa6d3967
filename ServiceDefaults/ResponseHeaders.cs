using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cache-Control: no-store on every answer to a request with credentials (it may hold personal data), and
/// 304 without a body for a conditional GET whose ETag still matches (RFC 9110 §13.1.2).
/// </summary>
internal sealed class ResponseHeadersMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        }

        var conditional = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Headers.IfNoneMatch.Count > 0;
        if (!conditional)
        {
            await next(context);
            return;
        }

        // Rare (a client revalidating what it has), so the answer is held back to drop its body when it is unchanged.
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK
            && EntityTags.NoneMatchFails(request.Headers.IfNoneMatch.ToString(), context.Response.Headers.ETag.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            context.Response.ContentLength = null;
            context.Response.Headers.ContentType = default;
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}

/// <summary>Entity-tag comparisons of RFC 9110 §8.8.3 and §13.1.</summary>
public static class EntityTags
{
    /// <summary>If-Match: true when <paramref name="ifMatch"/> is "*" or lists <paramref name="current"/> (strong comparison: a weak tag never matches).</summary>
    public static bool Match(string? ifMatch, string current) =>
        ifMatch is not null && (ifMatch.Trim() == "*" || Tags(ifMatch).Any(tag => !tag.StartsWith("W/", StringComparison.Ordinal) && tag == current));

    /// <summary>If-None-Match: true when the condition fails, that is "*" or a tag equal to <paramref name="current"/> (weak comparison).</summary>
    public static bool NoneMatchFails(string? ifNoneMatch, string? current)
    {
        if (string.IsNullOrEmpty(ifNoneMatch) || string.IsNullOrEmpty(current))
        {
            return false;
        }

        var opaque = Opaque(current);
        return ifNoneMatch.Trim() == "*" || Tags(ifNoneMatch).Any(tag => Opaque(tag) == opaque);
    }

    private static IEnumerable<string> Tags(string header) =>
        header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
