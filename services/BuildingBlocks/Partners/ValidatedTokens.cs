using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>
/// A partner sends the same access token with every request for its hour: parsing it, checking its
/// signature and building its claims again each time is repeated work. This handler wraps the JWT
/// bearer's own and reuses a token it validated in full, for <see cref="ReuseFor"/> at most and never
/// past the token's expiry (on the system clock, which the validation itself uses). Only what the signature and
/// claims checks decide is reused: the revocation list (<see cref="RevokedClients"/>) is checked on
/// every request, after this, so a disabled client is refused as before. A token that failed is
/// never kept (a bad token costs its full validation, and cannot fill the cache), and each request
/// gets its own copy of the claims. A signing key withdrawn from the issuer's key set stops its
/// tokens here within <see cref="ReuseFor"/>.
/// </summary>
public sealed class ValidatedTokens(TokenHandler inner) : TokenHandler
{
    /// <summary>How long a validated token is reused before it is validated in full again.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(60);

    /// <summary>The tokens kept at most; past it the cache starts again empty (partners are few, their tokens fewer).</summary>
    public const int MaxTokens = 1024;

    private readonly ConcurrentDictionary<string, Validated> _tokens = new(StringComparer.Ordinal);

    private sealed record Validated(TokenValidationResult Result, DateTimeOffset ReuseUntil);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // The clock the token's own lifetime check uses (IdentityModel reads the system's), not a
        // service's injected one: a test's fixed clock must not keep an expired token alive here.
        var now = TimeProvider.System.GetUtcNow();
        if (_tokens.TryGetValue(token, out var kept))
        {
            if (now < kept.ReuseUntil)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = kept.Result.SecurityToken,
                    ClaimsIdentity = kept.Result.ClaimsIdentity.Clone(),
                    Issuer = kept.Result.Issuer,
                    TokenType = kept.Result.TokenType,
                };
            }

            _tokens.TryRemove(token, out _);
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } securityToken && securityToken.ValidTo > DateTime.MinValue)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(securityToken.ValidTo, DateTimeKind.Utc));
            var reuseUntil = expires < now + ReuseFor ? expires : now + ReuseFor;
            if (_tokens.Count >= MaxTokens)
            {
                _tokens.Clear();
            }

            // Kept with claims of its own: the caller's copy may be changed by later steps of its request.
            _tokens[token] = new Validated(new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = securityToken,
                ClaimsIdentity = result.ClaimsIdentity.Clone(),
                Issuer = result.Issuer,
                TokenType = result.TokenType,
            }, reuseUntil);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);
}
