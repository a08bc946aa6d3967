using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Headers and query as the server reads them, from each endpoint's own parameters so that the document cannot
/// drift: If-Match required where taken, Idempotency-Key's limits, 415 for a JSON body, query names as errors name them.
/// </summary>
internal static class RequiredHeaders
{
    public const string UnsupportedMediaTypeExample = "Problem415";

    public static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Header && string.Equals(parameter.Name, "If-Match", StringComparison.OrdinalIgnoreCase))
            {
                parameter.Name = "If-Match";
                parameter.Required = true;
                parameter.Description = "The ETag of your last read of the record: 428 without it, 412 when the record changed since.";
            }
            else if (parameter.In == ParameterLocation.Header && parameter.Name == IdempotencyKeyHeader.Name && parameter.Schema is OpenApiSchema key)
            {
                key.MinLength = 1;
                key.MaxLength = IdempotencyKeyHeader.MaxLength;
                key.Pattern = IdempotencyKeyHeader.Pattern;
            }
            else if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name)
            {
                // Query names are matched without regard to case; the document writes them as the errors name them.
                parameter.Name = char.ToLowerInvariant(name[0]) + name[1..];
            }
        }

        if (context.Document is { } document && ReadsJsonBody(description) && operation.Responses is { } responses && !responses.ContainsKey("415"))
        {
            responses["415"] = new OpenApiResponse
            {
                Description = "The body is not sent as application/json.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    [CorrelationId.HeaderName] = new OpenApiHeader { Description = "The request's correlation id.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new()
                    {
                        Schema = new OpenApiSchemaReference(OpenApiDefaults.ProblemSchema, document),
                        Examples = new Dictionary<string, IOpenApiExample> { ["problem"] = new OpenApiExampleReference(UnsupportedMediaTypeExample, document) },
                    },
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>The shared example of a 415 answer.</summary>
    public static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
        document.Components.Examples[UnsupportedMediaTypeExample] = new OpenApiExample
        {
            Summary = "The content type is not supported",
            Value = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
                ["title"] = "The content type is not supported",
                ["status"] = StatusCodes.Status415UnsupportedMediaType,
                ["detail"] = "Send the body as application/json.",
                ["instance"] = "/api/v1/beneficiaries",
                ["correlationId"] = "tbk-2026-11-25-0001",
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>A body the framework reads as JSON (and refuses 415 in another content type); not a file taken as it comes, nor the token endpoint's form.</summary>
    private static bool ReadsJsonBody(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body && p.Type is { } type && type != typeof(Stream) && type != typeof(string))
        && description.SupportedRequestFormats.Count > 0
        && description.SupportedRequestFormats.All(format => format.MediaType.Contains("json", StringComparison.OrdinalIgnoreCase));
}
