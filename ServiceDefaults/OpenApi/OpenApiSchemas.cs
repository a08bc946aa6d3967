using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>Each schema as the services read and write it: plain numbers, UTC date-times, code lists as enums, no computed members of a request.</summary>
internal static class OpenApiSchemas
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        PlainInteger(schema);
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime))
        {
            // The UTC converters hide the type from the schema generator: nullable ones are nullable strings.
            schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        // A property of a code list: its values as an enum (strings, or the items of an array of strings).
        // Only on the service's own types: a shared type (an import's progress) has fields of the same name with other values.
        if (context.JsonPropertyInfo is { } property
            && property.DeclaringType.Assembly.GetName().Name == context.ApplicationServices.GetRequiredService<IHostEnvironment>().ApplicationName
            && context.ApplicationServices.GetRequiredService<IOptions<OpenApiCodeLists>>().Value.Lists is var lists
            && (lists.TryGetValue($"{property.DeclaringType.Name}.{property.Name}", out var values) || lists.TryGetValue(property.Name, out values)))
        {
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema;
            if (target is not null && target.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            }
        }

        // A request body holds what the client sends, and must send: not its computed members.
        if (schema.Properties is { Count: > 0 })
        {
            foreach (var info in ComputedMembers.Of(context.JsonTypeInfo))
            {
                schema.Properties.Remove(info.Name);
                schema.Required?.Remove(info.Name);
            }
        }

        OpenApiExampleBuilder.ApplyRegistered(schema, context);
        return Task.CompletedTask;
    }

    /// <summary>Numbers are plain JSON numbers: no "integer or string" that generated clients turn into strings.</summary>
    public static void PlainInteger(OpenApiSchema schema)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }
}
