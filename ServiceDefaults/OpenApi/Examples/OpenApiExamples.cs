namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's examples: an instance per type (registered with <c>Configure&lt;OpenApiExamples&gt;</c>), the file of an
/// upload per operation, values by field name; every other body and answer gets one built from its schema.
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
