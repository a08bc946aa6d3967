using System.Security.Cryptography;
using System.Text.Json;
using JusticePlatform.Identity.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace JusticePlatform.Identity.Partners;

/// <summary>
/// Registers partners' API clients as OpenIddict applications, which store the secret hashed;
/// disables them and rotates their secrets. A client's partner, whether it is disabled and since
/// when its earlier tokens are refused are kept in the application's properties. A disabled
/// partner (<see cref="Partner.Disabled"/>) disables all its clients at once.
/// </summary>
public sealed class PartnerRegistry(IOpenIddictApplicationManager applications, IdentityDbContext db, TimeProvider clock)
{
    private const string PartnerProperty = "partner_id";
    private const string DisabledProperty = "disabled";
    /// <summary>Unix milliseconds, compared with a token's <see cref="BuildingBlocks.Partners.PartnerClaims.IssuedAtMilliseconds"/>.</summary>
    private const string TokensNotBeforeProperty = "tokens_not_before_ms";

    public sealed record IssuedClient(string ClientId, string ClientSecret, IReadOnlyList<string> Scopes);

    /// <summary>A client whose tokens are refused: all of them when disabled, else those issued before <paramref name="TokensNotBefore"/>.</summary>
    public sealed record Revocation(string ClientId, bool Disabled, DateTimeOffset? TokensNotBefore);

    public async Task<IssuedClient> RegisterClientAsync(string partnerId, string displayName, IReadOnlyList<string> scopes,
        string? clientId = null, string? clientSecret = null, CancellationToken cancellationToken = default)
    {
        clientId ??= $"{partnerId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        clientSecret ??= NewSecret();

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = displayName,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        descriptor.Properties[PartnerProperty] = JsonSerializer.SerializeToElement(partnerId);
        await applications.CreateAsync(descriptor, cancellationToken);
        return new IssuedClient(clientId, clientSecret, scopes);
    }

    public async Task<string?> PartnerOfAsync(object application)
    {
        var properties = await applications.GetPropertiesAsync(application);
        return properties.TryGetValue(PartnerProperty, out var value) ? value.GetString() : null;
    }

    /// <summary>True when the client, or its partner, is disabled.</summary>
    public async Task<bool> IsDisabledAsync(object application)
    {
        var properties = await applications.GetPropertiesAsync(application);
        if (properties.TryGetValue(DisabledProperty, out var value) && value.ValueKind == JsonValueKind.True)
        {
            return true;
        }

        var partnerId = properties.TryGetValue(PartnerProperty, out var partner) ? partner.GetString() : null;
        return await db.Partners.AsNoTracking().AnyAsync(p => p.Id == partnerId && p.Disabled);
    }

    public async Task<bool> ClientExistsAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is not null;

    /// <summary>The client <paramref name="clientId"/> when it belongs to <paramref name="partnerId"/>, else null.</summary>
    public async Task<object?> FindAsync(string partnerId, string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
        && await PartnerOfAsync(application) == partnerId
            ? application
            : null;

    /// <summary>Disables (or enables again) a client: a disabled client gets no token, and the ones it holds are refused.</summary>
    public async Task SetDisabledAsync(object application, bool disabled, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.Properties[DisabledProperty] = JsonSerializer.SerializeToElement(disabled);
        if (!disabled)
        {
            // Tokens issued before it was disabled stay refused.
            descriptor.Properties[TokensNotBeforeProperty] = JsonSerializer.SerializeToElement(clock.GetUtcNow().ToUnixTimeMilliseconds());
        }

        await applications.UpdateAsync(application, descriptor, cancellationToken);
    }

    /// <summary>Gives the client a new secret (returned this once, stored hashed); the old one stops working, and so do the tokens issued with it.</summary>
    public async Task<string> RotateSecretAsync(object application, CancellationToken cancellationToken)
    {
        var secret = NewSecret();
        await ReplaceSecretAsync(application, secret, cancellationToken);
        return secret;
    }

    /// <summary>
    /// Gives the client the secret an operator chose, when it is not the one it has: the old one
    /// stops working, and so do the tokens issued with it. True when the secret changed.
    /// </summary>
    public async Task<bool> SetChosenSecretAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException($"The client {clientId} does not exist.");
        if (await applications.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return false;
        }

        await ReplaceSecretAsync(application, secret, cancellationToken);
        return true;
    }

    private async Task ReplaceSecretAsync(object application, string secret, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.Properties[TokensNotBeforeProperty] = JsonSerializer.SerializeToElement(clock.GetUtcNow().ToUnixTimeMilliseconds());
        // A secret that differs from the stored hash is hashed and stored by OpenIddict.
        descriptor.ClientSecret = secret;
        await applications.UpdateAsync(application, descriptor, cancellationToken);
    }

    /// <summary>Every client some of whose tokens are refused, for the gateway and services to check tokens against.</summary>
    public async Task<List<Revocation>> RevocationsAsync(CancellationToken cancellationToken)
    {
        var revocations = new List<Revocation>();
        var partners = await db.Partners.AsNoTracking().Where(p => p.Disabled || p.TokensNotBefore != null)
            .ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var properties = await applications.GetPropertiesAsync(application, cancellationToken);
            var disabled = properties.TryGetValue(DisabledProperty, out var flag) && flag.ValueKind == JsonValueKind.True;
            DateTimeOffset? notBefore = properties.TryGetValue(TokensNotBeforeProperty, out var since) && since.TryGetInt64(out var milliseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                : null;
            if (properties.TryGetValue(PartnerProperty, out var partnerId) && partnerId.GetString() is { } id
                && partners.TryGetValue(id, out var partner))
            {
                disabled |= partner.Disabled;
                notBefore = notBefore is null || partner.TokensNotBefore > notBefore ? partner.TokensNotBefore : notBefore;
            }

            if (disabled || notBefore is not null)
            {
                revocations.Add(new Revocation((await applications.GetClientIdAsync(application, cancellationToken))!, disabled, notBefore));
            }
        }

        return revocations;
    }

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
