namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The code lists a service's fields take their values from, by JSON name or "Type.name", so that the document
/// gives them as enums: the same definitions validation uses (<c>builder.AddCodeLists(...)</c>, BuildingBlocks).
/// </summary>
public sealed class OpenApiCodeLists
{
    public Dictionary<string, IReadOnlyCollection<string>> Lists { get; } = new(StringComparer.OrdinalIgnoreCase);

    public OpenApiCodeLists Add(string field, IEnumerable<string> values)
    {
        Lists[field] = values.ToArray();
        return this;
    }
}
