using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service publishes its OpenAPI document at /openapi/v1.json, in every environment
/// (partners build against it), declaring the partners' OAuth2 client-credentials flow.
/// The gateway gathers them into one API reference page.
/// </summary>
public static class OpenApiDefaults
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string SecuritySchemeName = "partner-token";

    public const string TokenFlowDescription =
        "Partners authenticate with OAuth2 client credentials: POST /connect/token with " +
        "grant_type=client_credentials, client_id, client_secret and the scopes needed (for example " +
        "'beneficiaries.read beneficiaries.write'); send the access token as 'Authorization: Bearer <token>'. " +
        "A partner sees and changes only its own records.";

    public static TBuilder AddDefaultOpenApi<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = title, Version = "v1", Description = TokenFlowDescription };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = TokenFlowDescription,
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative) },
                },
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static IEndpointConventionBuilder MapDefaultOpenApi(this IEndpointRouteBuilder app) => app.MapOpenApi().AllowAnonymous();
}
