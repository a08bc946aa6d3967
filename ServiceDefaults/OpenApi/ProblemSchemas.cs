using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>The RFC 9457 schemas of every error answer: Problem, and ValidationProblem for a 400 naming each bad field.</summary>
internal static class ProblemSchemas
{
    public static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: what went wrong, for people (title, detail) and programs (type, status).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI that names the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The path of this request." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The trace of this request, for the platform's operators." },
            ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The X-Correlation-Id of this request." },
        },
        Required = new HashSet<string> { "title", "status" },
    };

    public static OpenApiSchema ValidationProblem(OpenApiDocument document) => new()
    {
        Description = "A problem whose errors name each bad field (by JSON path, query or route name) with what is wrong with it.",
        AllOf = [new OpenApiSchemaReference(OpenApiDefaults.ProblemSchema, document)],
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Required = new HashSet<string> { "errors" },
    };
}
