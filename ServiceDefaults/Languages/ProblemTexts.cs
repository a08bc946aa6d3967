using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Puts a problem's title, detail and field messages into the request's language just before it is
/// written: every problem (endpoint, middleware, exception, gateway) is translated here, and code keeps writing English.
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
