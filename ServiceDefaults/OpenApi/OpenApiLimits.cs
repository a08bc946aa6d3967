using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The limits the server enforces, written into the document from the same sources the server reads
/// (<see cref="RequestLimits"/>, CLR integer ranges, <see cref="RequestHygiene"/>, Kestrel's body size), so the two cannot drift.
/// </summary>
internal static class OpenApiLimits
{
    /// <summary>No ISO 8601 date-time the server parses is longer ("2026-01-31T23:59:59.1234567+00:00" is 33).</summary>
    public const int MaxDateTimeLength = 40;

    public static Task TransformSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        IntegerRange(schema, type);
        FormatLength(schema);
        if (context.JsonPropertyInfo?.AttributeProvider is { } provider)
        {
            foreach (var limit in provider.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).OfType<ValidationAttribute>())
            {
                Apply(schema, limit);
            }
        }

        return Task.CompletedTask;
    }

    public static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            FormatLength(schema);
            var max = parameter.In switch
            {
                ParameterLocation.Path => RequestHygiene.MaxRouteValueLength,
                ParameterLocation.Query => RequestHygiene.MaxQueryValueLength,
                _ => RequestHygiene.MaxHeadersLength,
            };
            if (schema.Type?.HasFlag(JsonSchemaType.String) == true && schema.Enum is not { Count: > 0 })
            {
                schema.MaxLength = Math.Min(schema.MaxLength ?? max, max);
            }

            if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema { } items)
            {
                FormatLength(items);
                if (items.Type?.HasFlag(JsonSchemaType.String) == true && items.Enum is not { Count: > 0 })
                {
                    items.MaxLength ??= max;
                }

                // Each value is one more name=value pair of the query, within its length.
                schema.MaxItems ??= RequestHygiene.MaxUrlLength / 2;
            }
        }

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<MaxBodyItems>().FirstOrDefault() is { } most)
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                if (media.Schema is OpenApiSchema { } body && body.Type?.HasFlag(JsonSchemaType.Array) == true)
                {
                    body.MaxItems = most.Count;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A file or text body (an upload) is at most the request body size the server reads; a problem's status is an HTTP status.</summary>
    public static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas is { } schemas && schemas.TryGetValue(OpenApiDefaults.ProblemSchema, out var problem)
            && problem is OpenApiSchema { Properties: { } properties } && properties.TryGetValue("status", out var answer) && answer is OpenApiSchema status)
        {
            status.Minimum ??= "100";
            status.Maximum ??= "599";
        }

        var bodyLimit = context.ApplicationServices.GetService<IOptions<KestrelServerOptions>>()?.Value.Limits.MaxRequestBodySize;
        foreach (var media in document.Paths?.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
                     .SelectMany(operation => operation.RequestBody?.Content?.Values.AsEnumerable() ?? []) ?? [])
        {
            if (media.Schema is OpenApiSchema { } schema && schema.Type?.HasFlag(JsonSchemaType.String) == true && bodyLimit is { } bytes and <= int.MaxValue)
            {
                schema.MaxLength ??= (int)bytes;
            }
        }

        return Task.CompletedTask;
    }

    private static void IntegerRange(OpenApiSchema schema, Type type)
    {
        if (schema.Type?.HasFlag(JsonSchemaType.Integer) != true)
        {
            return;
        }

        var (format, min, max) = type switch
        {
            _ when type == typeof(long) => ("int64", long.MinValue.ToString(CultureInfo.InvariantCulture), long.MaxValue.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(short) => ("int32", short.MinValue.ToString(CultureInfo.InvariantCulture), short.MaxValue.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(byte) => ("int32", "0", byte.MaxValue.ToString(CultureInfo.InvariantCulture)),
            _ => ("int32", int.MinValue.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture)),
        };
        schema.Format ??= format;
        schema.Minimum ??= min;
        schema.Maximum ??= max;
    }

    private static void FormatLength(OpenApiSchema schema)
    {
        if (schema.Type?.HasFlag(JsonSchemaType.String) != true || schema.MaxLength is not null)
        {
            return;
        }

        schema.MaxLength = schema.Format switch
        {
            "uuid" => 36,
            "date" => 10,
            "date-time" => MaxDateTimeLength,
            _ => null,
        };
    }

    private static void Apply(OpenApiSchema schema, ValidationAttribute limit)
    {
        var array = schema.Type?.HasFlag(JsonSchemaType.Array) == true;
        switch (limit)
        {
            case MaxLengthAttribute { Length: var max } when array:
                schema.MaxItems = max;
                break;
            case MaxLengthAttribute { Length: var max }:
                schema.MaxLength = max;
                break;
            case MinLengthAttribute { Length: var min } when array:
                schema.MinItems = min;
                break;
            case MinLengthAttribute { Length: var min }:
                schema.MinLength = min;
                break;
            case ItemMaxLengthAttribute { Length: var max } when schema.Items is OpenApiSchema items:
                items.MaxLength = max;
                break;
            case RangeAttribute range:
                schema.Minimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                schema.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                break;
        }
    }
}
