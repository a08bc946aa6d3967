using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>The problem answers an operation can give (400 … 503, as they apply to it), each described and with the shared example of its status.</summary>
internal static class ProblemAnswers
{
    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is not valid: the problem's errors name each bad field.",
        [StatusCodes.Status401Unauthorized] = "No valid access token: ask /connect/token for one.",
        [StatusCodes.Status403Forbidden] = "The token lacks the scope this operation needs.",
        [StatusCodes.Status404NotFound] = "No such record among those this partner may see.",
        [StatusCodes.Status409Conflict] = "The request conflicts with the record's state, or a request with the same Idempotency-Key is still running.",
        [StatusCodes.Status412PreconditionFailed] = "The record changed since it was read: read it again and send its new ETag in If-Match.",
        [StatusCodes.Status422UnprocessableEntity] = "The Idempotency-Key was used before with another body.",
        [StatusCodes.Status428PreconditionRequired] = "If-Match is required: send the ETag of your last read.",
        [StatusCodes.Status429TooManyRequests] = "Over the rate limit: retry after the seconds in Retry-After.",
        [StatusCodes.Status503ServiceUnavailable] = "The service is unavailable: retry after the seconds in Retry-After.",
    };

    public static string? Description(int status) => Descriptions.GetValueOrDefault(status);

    public static Dictionary<string, OpenApiMediaType> Content(OpenApiDocument document, int status) => new()
    {
        ["application/problem+json"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchemaReference(status == StatusCodes.Status400BadRequest ? OpenApiDefaults.ValidationProblemSchema : OpenApiDefaults.ProblemSchema, document),
            Examples = OpenApiProblemExamples.Has(status) ? OpenApiProblemExamples.For(document, status) : null,
        },
    };

    /// <summary>Adds each problem the operation can answer that it does not declare itself.</summary>
    public static void AddMissing(OpenApiOperation operation, OpenApiDocument document, bool secured, bool hasPath, bool isGet, bool ifMatch, bool idempotent)
    {
        var statuses = new List<int> { 400, 429, 503 };
        if (secured)
        {
            statuses.AddRange([401, 403]);
        }

        if (hasPath)
        {
            statuses.Add(404);
        }

        if (!isGet)
        {
            statuses.Add(409);
        }

        if (ifMatch)
        {
            statuses.AddRange([412, 428]);
        }

        if (idempotent)
        {
            statuses.Add(422);
        }

        operation.Responses ??= [];
        foreach (var status in statuses.Distinct().Order())
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                var response = new OpenApiResponse
                {
                    Description = Descriptions[status],
                    Content = Content(document, status),
                    Headers = new Dictionary<string, IOpenApiHeader> { [CorrelationId.HeaderName] = OpenApiOperations.ResponseHeader("The request's correlation id.") },
                };
                if (status is 429 or 503)
                {
                    response.Headers["Retry-After"] = OpenApiOperations.ResponseHeader("Seconds to wait before retrying.", JsonSchemaType.Integer);
                }

                operation.Responses[key] = response;
            }
        }
    }
}
