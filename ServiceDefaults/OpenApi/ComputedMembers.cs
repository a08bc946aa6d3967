using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request body's computed members (get-only, not set through a constructor) are not what a client
/// sends: its schema leaves them out, and so does every example that holds it, at any depth.
/// </summary>
internal static class ComputedMembers
{
    public static IEnumerable<JsonPropertyInfo> Of(JsonTypeInfo info)
    {
        if (!info.Type.Name.EndsWith("Request", StringComparison.Ordinal))
        {
            return [];
        }

        var constructorNames = info.Type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return info.Properties.Where(p => p.Set is null && !constructorNames.Contains(p.Name));
    }

    /// <summary>Removes them from an example of <paramref name="type"/>: from it and from every object, list and map it holds.</summary>
    public static void RemoveFrom(JsonNode? example, Type type, JsonSerializerOptions options)
    {
        var info = options.GetTypeInfo(type);
        switch (example)
        {
            case JsonObject members when info.Kind == JsonTypeInfoKind.Object:
                foreach (var computed in Of(info))
                {
                    members.Remove(computed.Name);
                }

                foreach (var property in info.Properties)
                {
                    if (members.TryGetPropertyValue(property.Name, out var value))
                    {
                        RemoveFrom(value, property.PropertyType, options);
                    }
                }

                break;
            case JsonArray items when info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element:
                foreach (var item in items)
                {
                    RemoveFrom(item, element, options);
                }

                break;
            case JsonObject entries when info.Kind == JsonTypeInfoKind.Dictionary && info.ElementType is { } element:
                foreach (var (_, entry) in entries)
                {
                    RemoveFrom(entry, element, options);
                }

                break;
        }
    }
}
