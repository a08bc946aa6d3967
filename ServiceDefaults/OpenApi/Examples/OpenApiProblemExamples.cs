using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>One shared example per problem status, in the document's components, that every error answer of that status refers to.</summary>
internal static class OpenApiProblemExamples
{
    private const string Prefix = "Problem";

    /// <summary>The shared example of a problem answer with this status, for the media type of every error answer.</summary>
    public static Dictionary<string, IOpenApiExample> For(OpenApiDocument document, int status) => new()
    {
        ["problem"] = new OpenApiExampleReference(Prefix + status.ToString(CultureInfo.InvariantCulture), document),
    };

    public static bool Has(int status) => Texts.ContainsKey(status);

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (status, (title, detail)) in Texts)
        {
            var problem = new JsonObject
            {
                ["type"] = $"https://tools.ietf.org/html/rfc9110#section-{Sections[status]}",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = detail,
                ["instance"] = "/api/v1/beneficiaries/0193a5c8-4d2e-7b61-9f1a-2c3d4e5f6a7b",
                ["correlationId"] = "tbk-2026-11-25-0001",
            };
            if (status == StatusCodes.Status400BadRequest)
            {
                problem["errors"] = new JsonObject
                {
                    ["sex"] = new JsonArray("must be one of female, male, other, unknown."),
                    ["communePcode"] = new JsonArray("is not a commune of the gazetteer."),
                };
            }

            document.Components.Examples[Prefix + status.ToString(CultureInfo.InvariantCulture)] = new OpenApiExample
            {
                Summary = title,
                Value = problem,
            };
        }
    }

    private static readonly Dictionary<int, (string Title, string Detail)> Texts = new()
    {
        [400] = ("One or more validation errors occurred.", "Each bad field is named in errors."),
        [401] = ("Unauthorized", "No valid access token was sent."),
        [403] = ("Forbidden", "The token lacks the scope this operation needs."),
        [404] = ("Not Found", "No such record among those this partner may see."),
        [409] = ("Conflict", "The request conflicts with the record's state."),
        [412] = ("The record changed since it was read", "Read it again and send its new ETag in If-Match."),
        [413] = ("The upload is too large", "An upload may hold at most 52428800 bytes (50 MB); split it into smaller files."),
        [422] = ("The Idempotency-Key was used with another body", "Send a new key for a new request."),
        [428] = ("If-Match is required", "Send the ETag of your last read in If-Match."),
        [429] = ("Too many requests", "Retry after the seconds in Retry-After."),
        [503] = ("The service is unavailable", "Retry after the seconds in Retry-After."),
    };

    private static readonly Dictionary<int, string> Sections = new()
    {
        [400] = "15.5.1", [401] = "15.5.2", [403] = "15.5.4", [404] = "15.5.5", [409] = "15.5.10", [412] = "15.5.13", [413] = "15.5.14",
        [422] = "15.5.21", [428] = "15.5.1", [429] = "15.5.1", [503] = "15.6.4",
    };
}
