using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every scope a client can be granted (registered with the partner authorization), so that the scheme lists
/// also those no endpoint names as its policy (a scope that only unlocks a field, such as the consent override).
/// </summary>
public sealed class OpenApiScopes
{
    public List<string> All { get; } = [];
}

/// <summary>A scope an operation needs for one of its parts (a field, a query value) beyond the scope that lets the call in.</summary>
public sealed record ScopeForPartMetadata(string Scope, string Part);

public static class SecurityRequirements
{
    /// <summary>
    /// Says in the operation's description that <paramref name="part"/> also needs <paramref name="scope"/>
    /// (the handler refuses it with 403 otherwise); the operation's security requirement stays the scope that lets the call in.
    /// </summary>
    public static TBuilder NeedsScopeFor<TBuilder>(this TBuilder builder, string scope, string part) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ScopeForPartMetadata(scope, part));

    internal static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.SecuritySchemes is not { } schemes
            || !schemes.TryGetValue(OpenApiDefaults.SecuritySchemeName, out var scheme)
            || (scheme as OpenApiSecurityScheme)?.Flows?.ClientCredentials?.Scopes is not { } scopes)
        {
            return Task.CompletedTask;
        }

        foreach (var scope in context.ApplicationServices.GetRequiredService<IOptions<OpenApiScopes>>().Value.All)
        {
            scopes.TryAdd(scope, OpenApiDefaults.DescribeScope(scope));
        }

        return Task.CompletedTask;
    }

    internal static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var part in context.Description.ActionDescriptor.EndpointMetadata.OfType<ScopeForPartMetadata>())
        {
            operation.Description = $"{operation.Description} {part.Part} also needs the scope {part.Scope} (403 without it).".TrimStart();
        }

        return Task.CompletedTask;
    }
}
