using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JusticePlatform.EndToEndTests;

/// <summary>
/// Each bad token differs from a genuine one in one respect only (signed with the identity
/// service's own key otherwise), and is refused at the gateway and by every service reached directly.
/// </summary>
public sealed class TokenValidationTests(TokenValidationTests.AllServices services) : IClassFixture<TokenValidationTests.AllServices>, IAsyncLifetime
{
    private readonly TestPlatform _platform = services.Platform;
    private string _issuer = "";
    private string _keyId = "";

    public sealed class AllServices : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true };
    }

    public async Task InitializeAsync()
    {
        using var identity = _platform.Identity.CreateClient();
        _issuer = (await identity.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration")).GetProperty("issuer").GetString()!;
        var jwksUri = (await identity.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration")).GetProperty("jwks_uri").GetString()!;
        _keyId = (await identity.GetFromJsonAsync<JsonElement>(new Uri(jwksUri).PathAndQuery)).GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> Targets => new()
    {
        { "gateway", "/api/v1/beneficiaries/audit" },
        { "gateway", "/api/v1/grievances/audit" },
        { "beneficiaries", "/api/v1/beneficiaries/audit" },
        { "activities", "/api/v1/activities/audit" },
        { "grievances", "/api/v1/grievances/audit" },
        { "funding", "/api/v1/funding/audit" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_genuine_token_is_accepted(string target, string path) =>
        Assert.Equal(HttpStatusCode.OK, await CallAsync(target, path, Forge()));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task No_token_is_refused_with_401(string target, string path) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(target, path, token: null));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_expired_token_is_refused_with_401(string target, string path) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(target, path, Forge(expires: DateTime.UtcNow.AddMinutes(-10))));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_token_signed_by_another_key_is_refused_with_401(string target, string path) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(target, path, Forge(key: RSA.Create(2048))));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_token_for_another_audience_is_refused_with_401(string target, string path) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(target, path, Forge(audience: "another-api")));

    [Fact]
    public async Task A_partner_without_the_scope_is_refused_with_403()
    {
        using var readOnly = await _platform.ThroughGatewayAsync(Partners.Amss, Scopes.BeneficiariesRead);

        var response = await readOnly.PostAsJsonAsync("/api/v1/beneficiaries", Partners.Registration());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _platform.BeneficiariesDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Beneficiaries)));
    }

    [Fact]
    public async Task A_partner_without_the_admin_scope_cannot_register_partners()
    {
        using var fieldOffice = await _platform.ThroughGatewayAsync(Partners.Amss, Scopes.BeneficiariesWrite);

        var response = await fieldOffice.PostAsJsonAsync("/api/v1/identity/partners", new { id = "rogue", name = "Rogue" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private string Forge(DateTime? expires = null, RSA? key = null, string audience = IdentityOptions.DefaultAudience)
    {
        var signingKey = new RsaSecurityKey(key ?? _platform.SigningKey) { KeyId = _keyId };
        var notAfter = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = audience,
            IssuedAt = notAfter.AddHours(-1),
            NotBefore = notAfter.AddHours(-1),
            Expires = notAfter,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "platform-admin",
                [PartnerClaims.ClientId] = "platform-admin",
                [PartnerClaims.PartnerId] = "platform",
                [PartnerClaims.Scope] = Scopes.Admin,
            },
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<HttpStatusCode> CallAsync(string target, string path, string? token)
    {
        IServiceHost host = target switch
        {
            "gateway" => _platform.Gateway!,
            "beneficiaries" => _platform.Beneficiaries,
            "activities" => _platform.Activities!,
            "grievances" => _platform.Grievances!,
            _ => _platform.Funding!,
        };
        using var client = host.CreateHttpClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }
}
