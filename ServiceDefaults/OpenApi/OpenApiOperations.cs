using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Each operation as the server answers it: plain parameters, the scopes it needs, the headers it
/// reads and writes (X-Correlation-Id, Idempotency-Key, If-None-Match, ETag) and its problem answers.
/// </summary>
internal static class OpenApiOperations
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var document = context.Document;
        var codeLists = context.ApplicationServices.GetRequiredService<IOptions<OpenApiCodeLists>>().Value;

        operation.Parameters ??= [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter.Schema is OpenApiSchema schema)
            {
                OpenApiSchemas.PlainInteger(schema);
                if (schema.Type is null && schema.Format is "date-time" or "date")
                {
                    schema.Type = JsonSchemaType.String;
                }

                if (codeLists.Lists.TryGetValue(parameter.Name ?? "", out var values) && schema.Type?.HasFlag(JsonSchemaType.String) == true)
                {
                    schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
                }
            }
        }

        var secured = OperationScopes.Apply(operation, metadata, document);

        operation.Parameters.Add(Header(CorrelationId.HeaderName, "Your id for this request, echoed back and kept in the platform's logs (letters, digits, -_.:, at most 128).", required: false, maxLength: 128));
        var idempotent = metadata.Any(m => m.GetType().Name == "IdempotentAttribute");
        if (idempotent)
        {
            operation.Parameters.Add(Header(IdempotencyKeyHeader.Name, "Your key for this create: a retry with the same key and body is answered from the first attempt and writes nothing twice.", required: false, maxLength: IdempotencyKeyHeader.MaxLength));
        }

        var ifMatch = operation.Parameters.OfType<OpenApiParameter>().Any(p => string.Equals(p.Name, "If-Match", StringComparison.OrdinalIgnoreCase) && p.In == ParameterLocation.Header);
        var hasPath = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var readsOne = HttpMethods.IsGet(method) && hasPath;
        if (readsOne)
        {
            operation.Parameters.Add(Header("If-None-Match", "The ETag of your last read: 304 without a body when the record is unchanged.", required: false));
        }

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses.ToList())
        {
            if (response is OpenApiResponse concrete && int.TryParse(status, out var code))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[CorrelationId.HeaderName] = ResponseHeader("The request's correlation id.");
                if (code is >= 200 and < 300 && (readsOne || ifMatch || (HttpMethods.IsPost(method) && code == 201)))
                {
                    concrete.Headers["ETag"] = ResponseHeader("The record's version: send it in If-Match to update it, or in If-None-Match to read it again.");
                }

                // Error answers are problems, unless the endpoint declares another body (the token endpoint's OAuth2 errors).
                if (code >= 400 && document is not null && (concrete.Content is not { Count: > 0 } || concrete.Content.Keys.All(type => type.Contains("problem", StringComparison.Ordinal))))
                {
                    concrete.Content = ProblemAnswers.Content(document, code);
                }

                if (string.IsNullOrEmpty(concrete.Description) || concrete.Description is "Bad Request" or "Not Found" or "Conflict" or "OK" or "Created" or "Accepted")
                {
                    concrete.Description = ProblemAnswers.Description(code) ?? concrete.Description ?? "";
                }
            }
        }

        if (document is null)
        {
            return Task.CompletedTask;
        }

        if (readsOne)
        {
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the record still has the ETag you sent in If-None-Match." });
        }

        ProblemAnswers.AddMissing(operation, document, secured, hasPath, isGet: HttpMethods.IsGet(method), ifMatch, idempotent);
        return Task.CompletedTask;
    }

    public static OpenApiHeader ResponseHeader(string description, JsonSchemaType type = JsonSchemaType.String) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };

    private static OpenApiParameter Header(string name, string description, bool required, int? maxLength = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };
}
