using System.Security.Cryptography;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace JusticePlatform.Identity.Partners;

/// <summary>Registers partners' API clients as OpenIddict applications, which store the secret hashed.</summary>
public sealed class PartnerRegistry(IOpenIddictApplicationManager applications)
{
    private const string PartnerProperty = "partner_id";

    public sealed record IssuedClient(string ClientId, string ClientSecret, IReadOnlyList<string> Scopes);

    public async Task<IssuedClient> RegisterClientAsync(string partnerId, string displayName, IReadOnlyList<string> scopes,
        string? clientId = null, string? clientSecret = null, CancellationToken cancellationToken = default)
    {
        clientId ??= $"{partnerId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        clientSecret ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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
    public async Task<bool> ClientExistsAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is not null;
}
