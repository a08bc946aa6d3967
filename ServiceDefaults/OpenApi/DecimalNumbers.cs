using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every decimal (money, rates, indicator values) is a JSON number of format "decimal", as the services read and
/// write it, so that a generated client keeps a decimal instead of a double that rounds cents away.
/// </summary>
internal static class DecimalNumbers
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal) && schema.Type?.HasFlag(JsonSchemaType.Number) == true)
        {
            schema.Format = "decimal";
        }

        return Task.CompletedTask;
    }
}
