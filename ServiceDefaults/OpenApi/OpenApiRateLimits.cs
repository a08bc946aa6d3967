using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The gateway's rate limiting on every operation: the RateLimit-Policy and RateLimit headers on 2xx and 4xx
/// answers, a 429 with Retry-After, and a 500 problem whose correlation id the operators can look up.
/// </summary>
internal static class OpenApiRateLimits
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    /// <summary>Longest RateLimit or RateLimit-Policy value: two budgets at most (a token request's), each a short name and three numbers.</summary>
    public const int MaxHeaderLength = 200;

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        if (context.Document is { } document && !operation.Responses.ContainsKey("500"))
        {
            operation.Responses["500"] = new OpenApiResponse
            {
                Description = "An unexpected failure: nothing was written; quote the problem's correlationId to the platform's operators.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new()
                    {
                        Schema = new OpenApiSchemaReference(OpenApiDefaults.ProblemSchema, document),
                        Example = new JsonObject
                        {
                            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
                            ["title"] = "An error occurred while processing your request.",
                            ["status"] = 500,
                            ["correlationId"] = "3f2504e04f8911d39a0c0305e82c3301",
                        },
                    },
                },
            };
        }

        foreach (var (status, answer) in operation.Responses)
        {
            if (answer is not OpenApiResponse response || status.Length != 3)
            {
                continue;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status[0] is '2' or '4')
            {
                response.Headers[PolicyHeader] = Header(
                    "The rate-limit budgets this request counts against (set by the gateway): name, q = requests allowed per window, w = window in seconds. Example: \"partner\";q=600;w=60.");
                response.Headers[StateHeader] = Header(
                    "What is left of each budget (set by the gateway): name, r = requests remaining, t = seconds until the window renews. Example: \"partner\";r=599;t=60.");
            }

            if (response.Headers.TryGetValue("Retry-After", out var retry) && retry is OpenApiHeader { Schema: OpenApiSchema schema }
                && schema.Type?.HasFlag(JsonSchemaType.Integer) == true)
            {
                schema.Format ??= "int32";
                schema.Minimum ??= "1";
                schema.Maximum ??= int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiHeader Header(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxHeaderLength },
    };
}
