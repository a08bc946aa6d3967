using System.Security.Claims;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Identity.Partners;
using Microsoft.AspNetCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace JusticePlatform.Identity.Tokens;

/// <summary>
/// POST /connect/token with grant_type=client_credentials. OpenIddict has already checked the
/// client's secret and that it may ask for the requested scopes when this runs; here the token
/// gets the partner the client belongs to, its scopes and the platform's audience.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", ExchangeAsync).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, IOpenIddictApplicationManager applications, PartnerRegistry registry)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!);
        var partnerId = application is null ? null : await registry.PartnerOfAsync(application);
        if (application is null || partnerId is null)
        {
            return Forbid(Errors.InvalidClient, "This client belongs to no partner.");
        }

        var granted = request.GetScopes();
        if (granted.IsEmpty)
        {
            // No scope asked: every scope the client was registered with.
            granted = [.. (await applications.GetPermissionsAsync(application))
                .Where(permission => permission.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(permission => permission[Permissions.Prefixes.Scope.Length..])];
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId);
        identity.SetClaim(PartnerClaims.ClientId, request.ClientId);
        identity.SetClaim(PartnerClaims.PartnerId, partnerId);
        identity.SetScopes(granted);
        identity.SetResources(BuildingBlocks.Partners.IdentityOptions.DefaultAudience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);

        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
