using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service's OpenAPI document (/openapi/v1.json, in every environment): the transformers make it
/// a contract a generated client can trust, the same for every service without each endpoint repeating it.
/// </summary>
public static class OpenApiDefaults
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string SecuritySchemeName = "partner-token";
    public const string ProblemSchema = "Problem";
    public const string ValidationProblemSchema = "ValidationProblem";

    /// <summary>Joins the scopes of a policy any one of which will do ("grievances.read or grievances.casework").</summary>
    public const string AnyScopeSeparator = " or ";

    public const string TokenFlowDescription =
        "Partners authenticate with OAuth2 client credentials: POST /connect/token with " +
        "grant_type=client_credentials, client_id, client_secret and the scopes needed (for example " +
        "'beneficiaries.read beneficiaries.write'); send the access token as 'Authorization: Bearer <token>'. " +
        "A partner sees and changes only its own records.";

    /// <summary>What each scope lets a client do, for the scheme's scope list.</summary>
    public static string DescribeScope(string scope) => scope switch
    {
        "admin" => "Administer partners, their API clients and the audit trail",
        "reports.all_partners" => "Read aggregate reports across every partner",
        _ when scope.Split('.') is [var resource, var access] => access switch
        {
            "read" => $"Read the partner's {resource}",
            "write" => $"Create and change the partner's {resource}",
            _ => $"{char.ToUpperInvariant(access[0])}{access[1..].Replace('_', ' ')} on {resource}",
        },
        _ => scope,
    };

    public static TBuilder AddDefaultOpenApi<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OpenApiCodeLists>();
        builder.Services.AddOptions<OpenApiExamples>();
        builder.Services.AddOptions<OpenApiScopes>();
        builder.Services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(OpenApiSchemas.TransformAsync);
            options.AddSchemaTransformer(QualifiedCodeLists.TransformSchemaAsync);
            options.AddSchemaTransformer(DecimalNumbers.TransformAsync);
            options.AddSchemaTransformer(OpenApiLimits.TransformSchemaAsync);
            options.AddOperationTransformer(OpenApiOperations.TransformAsync);
            options.AddOperationTransformer(QualifiedCodeLists.TransformOperationAsync);
            options.AddOperationTransformer(OpenApiLimits.TransformOperationAsync);
            options.AddDocumentTransformer((document, context, _) =>
            {
                OpenApiDocuments.Transform(document, context, title);
                OpenApiExampleBuilder.Apply(document, context.ApplicationServices.GetRequiredService<IOptions<OpenApiExamples>>().Value);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DocumentedBodies.TransformOperationAsync);
            options.AddOperationTransformer(SecurityRequirements.TransformOperationAsync);
            options.AddDocumentTransformer(SecurityRequirements.TransformDocumentAsync);
            options.AddOperationTransformer(RequiredHeaders.TransformOperationAsync);
            // Last of the operation transformers: every answer the others added carries the rate-limit headers too.
            options.AddOperationTransformer(OpenApiRateLimits.TransformAsync);
            options.AddDocumentTransformer(RequiredHeaders.TransformDocumentAsync);
            options.AddDocumentTransformer(OpenApiLimits.TransformDocumentAsync);
        });
        return builder;
    }

    public static IEndpointConventionBuilder MapDefaultOpenApi(this IEndpointRouteBuilder app) => app.MapOpenApi().AllowAnonymous();
}
