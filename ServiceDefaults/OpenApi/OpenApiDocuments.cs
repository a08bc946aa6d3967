using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>The document as a whole: its info and servers, the problem schemas, the token scheme with its scopes, described tags, file bodies as binary.</summary>
internal static class OpenApiDocuments
{
    public static void Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, string title)
    {
        document.Info = new OpenApiInfo
        {
            Title = title,
            Version = "v1",
            Description = OpenApiDefaults.TokenFlowDescription,
            License = new OpenApiLicense { Name = "Proprietary: for the platform's partners" },
        };
        document.Servers ??= [];
        if (document.Servers.Count == 0)
        {
            document.Servers.Add(new OpenApiServer { Url = "/", Description = "The platform's gateway" });
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[OpenApiDefaults.ProblemSchema] = ProblemSchemas.Problem();
        document.Components.Schemas[OpenApiDefaults.ValidationProblemSchema] = ProblemSchemas.ValidationProblem(document);

        var scopes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var description in context.DescriptionGroups.SelectMany(group => group.Items))
        {
            foreach (var scope in OperationScopes.Scopes(description.ActionDescriptor.EndpointMetadata))
            {
                scopes[scope] = OpenApiDefaults.DescribeScope(scope);
            }
        }

        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OpenApiDefaults.SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = OpenApiDefaults.TokenFlowDescription,
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri("/connect/token", UriKind.Relative),
                    Scopes = new Dictionary<string, string>(scopes),
                },
            },
        };

        // Every tag is described, for the reference page's sections.
        var tags = document.Paths?.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name).OfType<string>().Distinct().ToList() ?? [];
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in tags.Where(tag => document.Tags.All(existing => existing.Name != tag)))
        {
            document.Tags.Add(new OpenApiTag { Name = tag });
        }

        foreach (var tag in document.Tags.Where(tag => string.IsNullOrEmpty(tag.Description)))
        {
            tag.Description = $"{tag.Name}: {title}";
        }

        // A file body (an upload) is described in place as binary: generated clients then send a stream
        // with its content type, where a reference to a "Stream" schema makes them send JSON.
        var binary = document.Components.Schemas.Where(s => s.Value.Format == "binary").Select(s => s.Key).ToHashSet();
        foreach (var media in document.Paths?.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
                     .SelectMany(operation => (operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
                         .Concat((operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(response => response.Content?.Values.AsEnumerable() ?? []))) ?? [])
        {
            if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id } && binary.Contains(id))
            {
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }

        foreach (var id in binary)
        {
            document.Components.Schemas.Remove(id);
        }

        // Every error answer uses the two problem schemas above; the framework's own are left unused.
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
    }
}
