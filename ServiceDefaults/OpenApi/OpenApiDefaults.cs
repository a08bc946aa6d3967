using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The code lists a service's fields take their values from ("sex" → female, male …), by JSON
/// name (or "Type.name" where the same name takes other values elsewhere in the service), so that
/// the document gives them as enums and generated clients as constants. A service adds its lists
/// with <c>builder.AddCodeLists(...)</c> (BuildingBlocks), the same definitions validation uses.
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

/// <summary>
/// Every service publishes its OpenAPI document at /openapi/v1.json, in every environment
/// (partners build against it). The transformers here make it a contract a generated client can
/// trust, the same for every service without each endpoint repeating it: the OAuth2
/// client-credentials scheme with its scopes and the scope each operation needs; the problem
/// answers every operation can give (400 … 503) with the RFC 9457 schema; the headers
/// (Idempotency-Key, If-Match, If-None-Match, ETag, Retry-After, X-Correlation-Id, RateLimit);
/// enums for code lists; plain integers; no computed members of request bodies.
/// The gateway gathers the documents into one API reference page.
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
        document.Components.Schemas[OpenApiDefaults.ProblemSchema] = ProblemSchema();
        document.Components.Schemas[OpenApiDefaults.ValidationProblemSchema] = ValidationProblemSchema(document);

        var scopes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var description in context.DescriptionGroups.SelectMany(group => group.Items))
        {
            foreach (var scope in OpenApiOperations.Scopes(description.ActionDescriptor.EndpointMetadata))
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

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: what went wrong, for people (title, detail) and programs (type, status).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI that names the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The path of this request." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The trace of this request, for the platform's operators." },
            ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The X-Correlation-Id of this request." },
        },
        Required = new HashSet<string> { "title", "status" },
    };

    private static OpenApiSchema ValidationProblemSchema(OpenApiDocument document) => new()
    {
        Description = "A problem whose errors name each bad field (by JSON path, query or route name) with what is wrong with it.",
        AllOf = [new OpenApiSchemaReference(OpenApiDefaults.ProblemSchema, document)],
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Required = new HashSet<string> { "errors" },
    };
}

internal static class OpenApiOperations
{
    private static readonly Dictionary<int, string> ProblemDescriptions = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is not valid: the problem's errors name each bad field.",
        [StatusCodes.Status401Unauthorized] = "No valid access token: ask /connect/token for one.",
        [StatusCodes.Status403Forbidden] = "The token lacks the scope this operation needs.",
        [StatusCodes.Status404NotFound] = "No such record among those this partner may see.",
        [StatusCodes.Status409Conflict] = "The request conflicts with the record's state, or a request with the same Idempotency-Key is still running.",
        [StatusCodes.Status412PreconditionFailed] = "The record changed since it was read: read it again and send its new ETag in If-Match.",
        [StatusCodes.Status422UnprocessableEntity] = "The Idempotency-Key was used before with another body.",
        [StatusCodes.Status428PreconditionRequired] = "If-Match is required: send the ETag of your last read.",
        [StatusCodes.Status429TooManyRequests] = "Over the rate limit: retry after the seconds in Retry-After.",
        [StatusCodes.Status503ServiceUnavailable] = "The service is unavailable: retry after the seconds in Retry-After.",
    };

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var document = context.Document;
        var codeLists = context.ApplicationServices.GetRequiredService<IOptions<OpenApiCodeLists>>().Value;

        operation.Parameters ??= [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter.Schema is OpenApiSchema schema)
            {
                OpenApiSchemas.PlainInteger(schema);
                if (schema.Type is null && schema.Format is "date-time" or "date")
                {
                    schema.Type = JsonSchemaType.String;
                }

                if (codeLists.Lists.TryGetValue(parameter.Name ?? "", out var values) && schema.Type?.HasFlag(JsonSchemaType.String) == true)
                {
                    schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
                }
            }
        }

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var secured = !anonymous && metadata.OfType<IAuthorizeData>().Any();
        if (anonymous)
        {
            operation.Security = [];
        }
        else if (secured && document is not null)
        {
            // One security requirement per scope that will do: OpenAPI reads a list of requirements as "any of".
            var alternatives = ScopeAlternatives(metadata);
            operation.Security = alternatives
                .Select(scopes => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDefaults.SecuritySchemeName, document)] = scopes })
                .ToList();
            var needed = alternatives.Where(scopes => scopes.Count > 0).Select(scopes => string.Join(" and ", scopes)).ToList();
            if (operation.Description is null)
            {
                // An empty scope list in the security requirement means any token of a partner will do: say so in words too.
                var summary = operation.Summary?.TrimEnd('.');
                operation.Description = needed.Count > 0
                    ? $"{summary}. Needs the scope {string.Join(" or ", needed)}."
                    : $"{summary}. Needs a partner's token, with any of its scopes; the answer holds only what that partner may see.";
            }
        }

        operation.Parameters.Add(Header(CorrelationId.HeaderName, "Your id for this request, echoed back and kept in the platform's logs (letters, digits, -_.:, at most 128).", required: false, maxLength: 128));
        var idempotent = metadata.Any(m => m.GetType().Name == "IdempotentAttribute");
        if (idempotent)
        {
            operation.Parameters.Add(Header(IdempotencyKeyHeader.Name, "Your key for this create: a retry with the same key and body is answered from the first attempt and writes nothing twice.", required: false, maxLength: IdempotencyKeyHeader.MaxLength));
        }

        var ifMatch = operation.Parameters.OfType<OpenApiParameter>().Any(p => string.Equals(p.Name, "If-Match", StringComparison.OrdinalIgnoreCase) && p.In == ParameterLocation.Header);
        var readsOne = HttpMethods.IsGet(method) && description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        if (readsOne)
        {
            operation.Parameters.Add(Header("If-None-Match", "The ETag of your last read: 304 without a body when the record is unchanged.", required: false));
        }

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses.ToList())
        {
            if (response is OpenApiResponse concrete && int.TryParse(status, out var code))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[CorrelationId.HeaderName] = ResponseHeader("The request's correlation id.");
                if (code is >= 200 and < 300 && (readsOne || ifMatch || (HttpMethods.IsPost(method) && code == 201)))
                {
                    concrete.Headers["ETag"] = ResponseHeader("The record's version: send it in If-Match to update it, or in If-None-Match to read it again.");
                }

                // Error answers are problems, unless the endpoint declares another body (the token endpoint's OAuth2 errors).
                if (code >= 400 && document is not null && (concrete.Content is not { Count: > 0 } || concrete.Content.Keys.All(type => type.Contains("problem", StringComparison.Ordinal))))
                {
                    concrete.Content = ProblemContent(document, code);
                }

                if (string.IsNullOrEmpty(concrete.Description) || concrete.Description is "Bad Request" or "Not Found" or "Conflict" or "OK" or "Created" or "Accepted")
                {
                    concrete.Description = ProblemDescriptions.GetValueOrDefault(code) ?? concrete.Description ?? "";
                }
            }
        }

        if (document is null)
        {
            return Task.CompletedTask;
        }

        var statuses = new List<int> { 400, 429, 503 };
        if (secured)
        {
            statuses.AddRange([401, 403]);
        }

        if (description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
        {
            statuses.Add(404);
        }

        if (!HttpMethods.IsGet(method))
        {
            statuses.Add(409);
        }

        if (ifMatch)
        {
            statuses.AddRange([412, 428]);
        }

        if (idempotent)
        {
            statuses.Add(422);
        }

        if (readsOne)
        {
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the record still has the ETag you sent in If-None-Match." });
        }

        foreach (var status in statuses.Distinct().Order())
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                var response = new OpenApiResponse
                {
                    Description = ProblemDescriptions[status],
                    Content = ProblemContent(document, status),
                    Headers = new Dictionary<string, IOpenApiHeader> { [CorrelationId.HeaderName] = ResponseHeader("The request's correlation id.") },
                };
                if (status is 429 or 503)
                {
                    response.Headers["Retry-After"] = ResponseHeader("Seconds to wait before retrying.", JsonSchemaType.Integer);
                }

                operation.Responses[key] = response;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The scopes an endpoint requires: the names of its authorization policies (one policy per scope).</summary>
    public static IEnumerable<string> Scopes(IEnumerable<object> metadata) =>
        ScopePolicies(metadata).SelectMany(policy => policy.Split(OpenApiDefaults.AnyScopeSeparator)).Distinct();

    /// <summary>The scope lists any one of which lets a caller in: one list (all of its scopes needed) for plain scope policies.</summary>
    private static List<List<string>> ScopeAlternatives(IEnumerable<object> metadata)
    {
        var policies = ScopePolicies(metadata).ToList();
        var required = policies.Where(policy => !policy.Contains(OpenApiDefaults.AnyScopeSeparator, StringComparison.Ordinal)).ToList();
        var anyOf = policies.FirstOrDefault(policy => policy.Contains(OpenApiDefaults.AnyScopeSeparator, StringComparison.Ordinal));
        return anyOf is null
            ? [required]
            : anyOf.Split(OpenApiDefaults.AnyScopeSeparator).Select(scope => required.Append(scope).Distinct().ToList()).ToList();
    }

    private static IEnumerable<string> ScopePolicies(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(p => p.Contains('.', StringComparison.Ordinal) || p == "admin").Distinct();

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiDocument document, int status) => new()
    {
        ["application/problem+json"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchemaReference(status == StatusCodes.Status400BadRequest ? OpenApiDefaults.ValidationProblemSchema : OpenApiDefaults.ProblemSchema, document),
            Examples = OpenApiExampleBuilder.HasProblemExample(status) ? OpenApiExampleBuilder.ProblemExamples(document, status) : null,
        },
    };

    private static OpenApiParameter Header(string name, string description, bool required, int? maxLength = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };

    private static OpenApiHeader ResponseHeader(string description, JsonSchemaType type = JsonSchemaType.String) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };
}

internal static class OpenApiSchemas
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        PlainInteger(schema);
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime))
        {
            // The UTC converters hide the type from the schema generator: nullable ones are nullable strings.
            schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        // A property of a code list: its values as an enum (strings, or the items of an array of strings).
        // Only on the service's own types: a shared type (an import's progress) has fields of the same name with other values.
        if (context.JsonPropertyInfo is { } property
            && property.DeclaringType.Assembly.GetName().Name == context.ApplicationServices.GetRequiredService<IHostEnvironment>().ApplicationName
            && context.ApplicationServices.GetRequiredService<IOptions<OpenApiCodeLists>>().Value.Lists is var lists
            && (lists.TryGetValue($"{property.DeclaringType.Name}.{property.Name}", out var values) || lists.TryGetValue(property.Name, out values)))
        {
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema;
            if (target is not null && target.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            }
        }

        // A request body holds what the client sends: computed members (get-only, not set through a
        // constructor) are not part of it, nor of what it must send.
        if (type.Name.EndsWith("Request", StringComparison.Ordinal) && schema.Properties is { Count: > 0 })
        {
            var constructorNames = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).OfType<string>()
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var info in context.JsonTypeInfo.Properties.Where(p => p.Set is null && !constructorNames.Contains(p.Name)))
            {
                schema.Properties.Remove(info.Name);
                schema.Required?.Remove(info.Name);
            }
        }

        OpenApiExampleBuilder.ApplyRegistered(schema, context);
        return Task.CompletedTask;
    }

    /// <summary>Numbers are plain JSON numbers: no "integer or string" that generated clients turn into strings.</summary>
    public static void PlainInteger(OpenApiSchema schema)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }
}
