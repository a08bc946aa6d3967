using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace JusticePlatform.Identity.Tokens;

/// <summary>
/// What a client sends to /connect/token (a form, as OAuth2 says), for the OpenAPI document. The
/// gateway reads at most <see cref="MaxFormLength"/> characters of the form, so no field is longer.
/// </summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("grant_type"), Description("Always client_credentials."), MaxLength(TokenRequest.MaxFormLength)] string GrantType,
    [property: JsonPropertyName("client_id"), Description("The client id an administrator issued."), MaxLength(TokenRequest.MaxFormLength)] string ClientId,
    [property: JsonPropertyName("client_secret"), Description("The client's secret, shown once when it was issued."), MaxLength(TokenRequest.MaxFormLength)] string ClientSecret,
    [property: JsonPropertyName("scope"), Description("The scopes wanted, separated by spaces; without it, every scope of the client."), MaxLength(TokenRequest.MaxFormLength)] string? Scope = null)
{
    public const int MaxFormLength = 16 * 1024;
}

/// <summary>The access token /connect/token answers with.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token"), Description("Send it as 'Authorization: Bearer <token>'.")] string AccessToken,
    [property: JsonPropertyName("token_type"), Description("Always Bearer.")] string TokenType,
    [property: JsonPropertyName("expires_in"), Description("Seconds the token is valid for.")] int ExpiresIn,
    [property: JsonPropertyName("scope"), Description("The scopes granted, separated by spaces.")] string? Scope = null);

/// <summary>An OAuth2 error (RFC 6749 §5.2): the token endpoint answers these, not problems.</summary>
public sealed record TokenError(
    [property: JsonPropertyName("error"), Description("invalid_client, invalid_request, invalid_scope, unsupported_grant_type …")] string Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription = null);

public static class TokenDocument
{
    /// <summary>Describes the token endpoint in the service's OpenAPI document, so that generated clients can ask for tokens too.</summary>
    public static RouteHandlerBuilder DescribedAsTokenEndpoint(this RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Tokens")
        .WithName("RequestToken")
        .WithSummary("Get an access token (OAuth2 client credentials)")
        .WithDescription("Exchanges a client id and secret for a bearer token. Errors are OAuth2 errors and do not tell an unknown client from a wrong secret.")
        .Accepts<TokenRequest>("application/x-www-form-urlencoded")
        .Produces<TokenResponse>(StatusCodes.Status200OK)
        .Produces<TokenError>(StatusCodes.Status400BadRequest)
        .Produces<TokenError>(StatusCodes.Status401Unauthorized);
}
