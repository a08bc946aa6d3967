using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Code lists named "Type.name", for what the plain-name rule cannot reach: members of shared types (an import's
/// status, an audit entry's action) and query parameters bound with [AsParameters] ("CaseQuery.status").
/// </summary>
internal static class QualifiedCodeLists
{
    public static Task TransformSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { } property
            && Lists(context.ApplicationServices).TryGetValue($"{property.DeclaringType.Name}.{property.Name}", out var values))
        {
            Apply(schema, values);
        }

        return Task.CompletedTask;
    }

    public static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var lists = Lists(context.ApplicationServices);
        var bound = context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>()
            .SelectMany(method => method.GetParameters())
            .Where(parameter => parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            .Select(parameter => parameter.ParameterType)
            .ToList();
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query && p.Name is not null))
        {
            foreach (var type in bound.Where(type => type.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null))
            {
                if (lists.TryGetValue($"{type.Name}.{JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)}", out var values) && parameter.Schema is OpenApiSchema schema)
                {
                    Apply(schema, values);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, IReadOnlyCollection<string>> Lists(IServiceProvider services) =>
        services.GetRequiredService<IOptions<OpenApiCodeLists>>().Value.Lists;

    private static void Apply(OpenApiSchema schema, IReadOnlyCollection<string> values)
    {
        var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema;
        if (target is not null && target.Type?.HasFlag(JsonSchemaType.String) == true)
        {
            target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        }
    }
}
