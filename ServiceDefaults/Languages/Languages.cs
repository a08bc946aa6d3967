using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The languages the platform answers in, chosen per request by Accept-Language (RFC 9110 §12.5.4, with
/// quality values); English is the default and the fallback, and its text in the code keys every translation.
/// </summary>
public static class Languages
{
    public const string English = "en";
    public const string French = "fr";

    public static readonly IReadOnlyList<string> Supported = [English, French];

    private const string ItemKey = "JusticePlatform.Language";

    /// <summary>The supported language the caller prefers most ("fr-ML" is French); English when it names none.</summary>
    public static string Negotiate(StringValues acceptLanguage)
    {
        if (StringValues.IsNullOrEmpty(acceptLanguage)
            || !StringWithQualityHeaderValue.TryParseList(acceptLanguage.OfType<string>().ToList(), out var ranges))
        {
            return English;
        }

        foreach (var range in ranges.Where(r => r.Quality is not <= 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var primary = range.Value.Value?.Split('-')[0].ToLowerInvariant();
            if (primary is not null && Supported.Contains(primary))
            {
                return primary;
            }
        }

        return English;
    }

    /// <summary>The language of the answer to <paramref name="context"/>'s request.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var chosen) && chosen is string language)
        {
            return language;
        }

        language = Negotiate(context.Request.Headers.AcceptLanguage);
        context.Items[ItemKey] = language;
        return language;
    }
}

/// <summary>Texts in the language of the current request, for code that writes what people read (a report page, a label).</summary>
public interface ITexts
{
    /// <summary>The language of the current request ("en" outside one).</summary>
    string Language { get; }

    /// <summary><paramref name="english"/> (a message, a label, or one with its values filled in) in the current request's language.</summary>
    string Localized(string english);
}

internal sealed class RequestTexts(IHttpContextAccessor accessor) : ITexts
{
    public string Language => accessor.HttpContext is { } context ? Languages.Of(context) : Languages.English;

    public string Localized(string english) => TextCatalogue.Default.Translate(english, Language);
}

/// <summary>Chooses the request's language and says it in Content-Language on every answer (a proxied answer keeps the service's).</summary>
internal sealed class ContentLanguageMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var language = Languages.Of(context);
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey(HeaderNames.ContentLanguage))
            {
                context.Response.Headers.ContentLanguage = language;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
