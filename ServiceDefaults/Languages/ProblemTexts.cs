using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Puts a problem's title, detail and field messages into the request's language just before it
/// is written, so that every problem (an endpoint's, a middleware's, an exception's, the
/// gateway's) is translated in one place and code keeps writing English.
/// </summary>
public static class ProblemTexts
{
    public static void Localize(ProblemDetails problem, string language)
    {
        if (language == Languages.English)
        {
            return;
        }

        var catalogue = TextCatalogue.Default;
        if (problem.Title is { } title)
        {
            problem.Title = catalogue.Translate(title, language);
        }

        if (problem.Detail is { } detail)
        {
            problem.Detail = catalogue.Translate(detail, language);
        }

        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var (field, messages) in validation.Errors.ToList())
            {
                validation.Errors[field] = messages.Select(message => catalogue.Translate(message, language)).ToArray();
            }
        }
    }
}
