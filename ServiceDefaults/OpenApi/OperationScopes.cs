using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The scopes an operation needs, read from its authorization policies (one policy per scope, or
/// "a or b" for any one of them), as its security requirements and in words in its description.
/// </summary>
internal static class OperationScopes
{
    /// <summary>Sets the operation's security (none when anonymous); true when it needs a partner's token.</summary>
    public static bool Apply(OpenApiOperation operation, IList<object> metadata, OpenApiDocument? document)
    {
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var secured = !anonymous && metadata.OfType<IAuthorizeData>().Any();
        if (anonymous)
        {
            operation.Security = [];
        }
        else if (secured && document is not null)
        {
            // One security requirement per scope that will do: OpenAPI reads a list of requirements as "any of".
            var alternatives = Alternatives(metadata);
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

        return secured;
    }

    /// <summary>The scopes an endpoint requires: the names of its authorization policies (one policy per scope).</summary>
    public static IEnumerable<string> Scopes(IEnumerable<object> metadata) =>
        Policies(metadata).SelectMany(policy => policy.Split(OpenApiDefaults.AnyScopeSeparator)).Distinct();

    /// <summary>The scope lists any one of which lets a caller in: one list (all of its scopes needed) for plain scope policies.</summary>
    private static List<List<string>> Alternatives(IEnumerable<object> metadata)
    {
        var policies = Policies(metadata).ToList();
        var required = policies.Where(policy => !policy.Contains(OpenApiDefaults.AnyScopeSeparator, StringComparison.Ordinal)).ToList();
        var anyOf = policies.FirstOrDefault(policy => policy.Contains(OpenApiDefaults.AnyScopeSeparator, StringComparison.Ordinal));
        return anyOf is null
            ? [required]
            : anyOf.Split(OpenApiDefaults.AnyScopeSeparator).Select(scope => required.Append(scope).Distinct().ToList()).ToList();
    }

    private static IEnumerable<string> Policies(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(p => p.Contains('.', StringComparison.Ordinal) || p == "admin").Distinct();
}
