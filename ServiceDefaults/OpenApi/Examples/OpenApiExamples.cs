using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The examples of a service's document, in one place: an instance per type (a request or an
/// answer, as a partner would send or see it), and the file of an upload per operation. A service
/// adds them with <c>builder.Services.Configure&lt;OpenApiExamples&gt;(examples => examples.Add(new BeneficiaryRequest(...)))</c>.
/// Every other request body and answer gets an example built from its schema (enums, formats,
/// lengths and the registered examples of the types it holds), so none is without one.
/// </summary>
public sealed class OpenApiExamples
{
    public Dictionary<Type, object> Instances { get; } = [];

    /// <summary>Example files of upload bodies, by operation id and media type.</summary>
    public Dictionary<(string OperationId, string MediaType), string> Files { get; } = [];

    /// <summary>Values of free-text fields by JSON name ("givenName" → "Awa"), for examples built from a schema.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public OpenApiExamples Add<T>(T example) where T : notnull
    {
        Instances[typeof(T)] = example;
        return this;
    }

    public OpenApiExamples AddValue(string field, string value)
    {
        Values[field] = value;
        return this;
    }

    public OpenApiExamples AddFile(string operationId, string mediaType, string text)
    {
        Files[(operationId, mediaType)] = text;
        return this;
    }
}

internal static class OpenApiExampleBuilder
{
    private const string ProblemExamplePrefix = "Problem";

    /// <summary>The registered instance of this schema's type, serialized as the service answers it.</summary>
    public static void ApplyRegistered(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo is not null)
        {
            return;
        }

        var examples = context.ApplicationServices.GetRequiredService<IOptions<OpenApiExamples>>().Value;
        if (examples.Instances.TryGetValue(context.JsonTypeInfo.Type, out var instance))
        {
            // As the schema describes it: members the schema leaves out (computed ones) are left out here too.
            var example = JsonSerializer.SerializeToNode(instance, context.JsonTypeInfo.Options)!;
            if (example is JsonObject members && schema.Properties is { Count: > 0 } properties)
            {
                foreach (var member in members.Select(m => m.Key).Where(m => !properties.ContainsKey(m)).ToList())
                {
                    members.Remove(member);
                }
            }

            schema.Examples = [example];
        }
    }

    /// <summary>An example on every JSON request body and success answer, and the shared problem examples on every error.</summary>
    public static void Apply(OpenApiDocument document, OpenApiExamples examples)
    {
        AddProblemExamples(document);
        foreach (var operation in document.Paths?.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []) ?? [])
        {
            foreach (var (mediaType, media) in operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                if (media.Example is not null || media.Examples is { Count: > 0 })
                {
                    continue;
                }

                if (operation.OperationId is { } id && examples.Files.TryGetValue((id, mediaType), out var file))
                {
                    media.Example = JsonValue.Create(file);
                }
                else if (media.Schema is { } schema && !IsBinary(schema))
                {
                    media.Example = ExampleOf(schema, document, examples, null, []);
                }
            }

            // Success answers, and error answers that are not problems (the token endpoint's OAuth2 errors).
            foreach (var response in (operation.Responses ?? []).Values.OfType<OpenApiResponse>())
            {
                foreach (var media in (response.Content ?? new Dictionary<string, OpenApiMediaType>()).Values)
                {
                    if (media.Example is null && media.Examples is not { Count: > 0 } && media.Schema is { } schema)
                    {
                        media.Example = ExampleOf(schema, document, examples, null, []);
                    }
                }
            }
        }
    }

    /// <summary>The shared example of a problem answer with this status, for the media type of every error answer.</summary>
    public static Dictionary<string, IOpenApiExample> ProblemExamples(OpenApiDocument document, int status) => new()
    {
        ["problem"] = new OpenApiExampleReference(ProblemExamplePrefix + status.ToString(CultureInfo.InvariantCulture), document),
    };

    private static void AddProblemExamples(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (status, (title, detail)) in ProblemTexts)
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

            document.Components.Examples[ProblemExamplePrefix + status.ToString(CultureInfo.InvariantCulture)] = new OpenApiExample
            {
                Summary = title,
                Value = problem,
            };
        }
    }

    private static readonly Dictionary<int, (string Title, string Detail)> ProblemTexts = new()
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

    public static bool HasProblemExample(int status) => ProblemTexts.ContainsKey(status);

    private static bool IsBinary(IOpenApiSchema schema) => schema.Format is "binary";

    /// <summary>An example value that fits the schema: its own example, else one built from its parts.</summary>
    private static JsonNode? ExampleOf(IOpenApiSchema schema, OpenApiDocument document, OpenApiExamples examples, string? name, HashSet<string> seen)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id;
            if (id is null || !seen.Add(id) || document.Components?.Schemas?.TryGetValue(id, out var target) != true || target is null)
            {
                return null;
            }

            try
            {
                return ExampleOf(target, document, examples, name, seen);
            }
            finally
            {
                seen.Remove(id);
            }
        }

        if (schema.Examples?.FirstOrDefault() is { } example)
        {
            return example.DeepClone();
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        }

        var branches = (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).ToList();
        if (branches.Count > 0)
        {
            return branches.Where(b => b.Type != JsonSchemaType.Null).Select(b => ExampleOf(b, document, examples, name, seen)).FirstOrDefault(v => v is not null);
        }

        var type = schema.Type ?? (schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : 0);
        if (schema.AllOf is { Count: > 0 } parts)
        {
            var merged = new JsonObject();
            foreach (var part in parts.Select(p => ExampleOf(p, document, examples, name, seen)).OfType<JsonObject>())
            {
                foreach (var (key, value) in part)
                {
                    merged[key] = value?.DeepClone();
                }
            }

            foreach (var (key, value) in ObjectOf(schema, document, examples, seen))
            {
                merged[key] = value?.DeepClone();
            }

            return merged;
        }

        if (type.HasFlag(JsonSchemaType.Object))
        {
            return ObjectOf(schema, document, examples, seen);
        }

        if (type.HasFlag(JsonSchemaType.Array))
        {
            var item = schema.Items is null ? null : ExampleOf(schema.Items, document, examples, name, seen);
            return item is null ? new JsonArray() : new JsonArray(item);
        }

        if (type.HasFlag(JsonSchemaType.Integer))
        {
            return JsonValue.Create(IntegerOf(schema));
        }

        if (type.HasFlag(JsonSchemaType.Number))
        {
            return JsonValue.Create((decimal)IntegerOf(schema) * 1000m);
        }

        if (type.HasFlag(JsonSchemaType.Boolean))
        {
            return JsonValue.Create(true);
        }

        if (type.HasFlag(JsonSchemaType.String))
        {
            return JsonValue.Create(StringOf(schema, examples, name));
        }

        return null;
    }

    private static JsonObject ObjectOf(IOpenApiSchema schema, OpenApiDocument document, OpenApiExamples examples, HashSet<string> seen)
    {
        var result = new JsonObject();
        foreach (var (property, propertySchema) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            var value = ExampleOf(propertySchema, document, examples, property, seen);
            if (value is not null || schema.Required?.Contains(property) == true)
            {
                result[property] = value;
            }
        }

        return result;
    }

    private static long IntegerOf(IOpenApiSchema schema)
    {
        var minimum = decimal.TryParse(schema.Minimum, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) ? (long)Math.Ceiling(min) : 1;
        return Math.Max(minimum, 1);
    }

    private static string StringOf(IOpenApiSchema schema, OpenApiExamples examples, string? name)
    {
        var text = schema.Format switch
        {
            "date" => "2026-11-01",
            "date-time" => "2026-11-01T09:30:00Z",
            "uuid" => "0193a5c8-4d2e-7b61-9f1a-2c3d4e5f6a7b",
            "uri" => "https://api.justice.example/api/v1/beneficiaries",
            "email" => "contact@amss.example",
            _ => name switch
            {
                null => "text",
                _ when examples.Values.TryGetValue(name, out var value) => value,
                _ when name.EndsWith("Pcode", StringComparison.OrdinalIgnoreCase) => "ML060201",
                _ when name.EndsWith("PartnerId", StringComparison.OrdinalIgnoreCase) || name.Equals("partnerId", StringComparison.OrdinalIgnoreCase) => "amss",
                _ when name.EndsWith("PartnerIds", StringComparison.OrdinalIgnoreCase) => "stop-sahel",
                _ when ExampleValues.Common.TryGetValue(name, out var common) => common,
                _ => ExampleValues.FreeText,
            },
        };
        if (schema.MinLength is { } minLength && text.Length < minLength)
        {
            text = text.PadRight(minLength, 'x');
        }

        return schema.MaxLength is { } maxLength && text.Length > maxLength ? text[..maxLength] : text;
    }
}
