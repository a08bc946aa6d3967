using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>An example built from a schema: its own example, else one made of its parts, with realistic values by field name.</summary>
internal static class OpenApiSchemaExamples
{
    public static JsonNode? Of(IOpenApiSchema schema, OpenApiDocument document, OpenApiExamples examples) =>
        ExampleOf(schema, document, examples, null, []);

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
