using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>A body the handler reads and checks itself (an upload): its type and content types, for the document only.</summary>
public sealed record DocumentedBodyMetadata(Type Type, IReadOnlyList<string> ContentTypes);

public static class DocumentedBodies
{
    /// <summary>
    /// Describes the body for the document only, without Accepts: routing would answer another content
    /// type 415 before authorization; the handler names it in a 400 after.
    /// </summary>
    public static TBuilder DescribesBody<TBuilder>(this TBuilder builder, Type type, params string[] contentTypes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedBodyMetadata(type, contentTypes));

    internal static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBodyMetadata>().LastOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType
                {
                    Schema = body.Type == typeof(Stream)
                        ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
                        : new OpenApiSchema { Type = JsonSchemaType.String },
                }),
            };
        }

        return Task.CompletedTask;
    }
}
