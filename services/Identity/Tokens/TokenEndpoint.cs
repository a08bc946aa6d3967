using System.Security.Claims;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Identity.Partners;
using Microsoft.AspNetCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
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
    /// <summary>The one description of every client authentication failure: unknown, wrong secret, disabled.</summary>
    public const string InvalidClientDescription = "The client credentials are invalid.";

    /// <summary>
    /// Where the gateway and the services read which clients' tokens to refuse. Not routed by the
    /// gateway: it is reached only inside the platform's network.
    /// </summary>
    public const string RevocationsPath = RevokedClients.Path;

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", ExchangeAsync).DescribedAsTokenEndpoint().AllowAnonymous();
        app.MapGet(RevocationsPath, async (PartnerRegistry registry, CancellationToken cancellationToken) =>
            TypedResults.Ok(await registry.RevocationsAsync(cancellationToken))).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The token endpoint's refusals must not tell an unknown client id from a wrong secret (or a
    /// disabled client): every invalid_client answer carries the same description and no error URI.
    /// </summary>
    public static OpenIddictServerBuilder HideWhichClientCheckFailed(this OpenIddictServerBuilder server) =>
        server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler => handler
            .UseInlineHandler(context =>
            {
                if (context.Response.Error is Errors.InvalidClient)
                {
                    context.Response.ErrorDescription = InvalidClientDescription;
                    context.Response.ErrorUri = null;
                }

                return default;
            })
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom));

    private static async Task<IResult> ExchangeAsync(HttpContext context, IOpenIddictApplicationManager applications, PartnerRegistry registry, TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!);
        var partnerId = application is null ? null : await registry.PartnerOfAsync(application);
        if (application is null || partnerId is null || await registry.IsDisabledAsync(application))
        {
            return Forbid(Errors.InvalidClient, InvalidClientDescription);
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
        identity.SetClaim(PartnerClaims.IssuedAtMilliseconds, clock.GetUtcNow().ToUnixTimeMilliseconds());
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
