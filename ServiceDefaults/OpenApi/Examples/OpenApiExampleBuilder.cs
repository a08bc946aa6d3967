using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>Puts the examples in the document: a registered instance on its type's schema, a built one on every other body and answer.</summary>
internal static class OpenApiExampleBuilder
{
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
            // As the schema describes it: members the schema leaves out (computed ones) are left out here too, at every depth.
            var example = JsonSerializer.SerializeToNode(instance, context.JsonTypeInfo.Options)!;
            if (example is JsonObject members && schema.Properties is { Count: > 0 } properties)
            {
                foreach (var member in members.Select(m => m.Key).Where(m => !properties.ContainsKey(m)).ToList())
                {
                    members.Remove(member);
                }
            }

            ComputedMembers.RemoveFrom(example, context.JsonTypeInfo.Type, context.JsonTypeInfo.Options);
            schema.Examples = [example];
        }
    }

    /// <summary>An example on every JSON request body and success answer, and the shared problem examples on every error.</summary>
    public static void Apply(OpenApiDocument document, OpenApiExamples examples)
    {
        OpenApiProblemExamples.AddTo(document);
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
                else if (media.Schema is { } schema && schema.Format is not "binary")
                {
                    media.Example = OpenApiSchemaExamples.Of(schema, document, examples);
                }
            }

            // Success answers, and error answers that are not problems (the token endpoint's OAuth2 errors).
            foreach (var response in (operation.Responses ?? []).Values.OfType<OpenApiResponse>())
            {
                foreach (var media in (response.Content ?? new Dictionary<string, OpenApiMediaType>()).Values)
                {
                    if (media.Example is null && media.Examples is not { Count: > 0 } && media.Schema is { } schema)
                    {
                        media.Example = OpenApiSchemaExamples.Of(schema, document, examples);
                    }
                }
            }
        }
    }
}
