using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Secrets;
using JusticePlatform.Identity.Data;
using JusticePlatform.TestSupport;
using Microsoft.IdentityModel.Tokens;

namespace JusticePlatform.IntegrationTests.Identity;

/// <summary>The token signing key lives in a wrapped key file apart from the database, and outlives a restart.</summary>
public sealed class SigningKeyTests(SigningKeyTests.Platform platform) : IClassFixture<SigningKeyTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task A_token_issued_before_a_restart_is_still_valid_after_it()
    {
        var token = await _platform.RequestTokenAsync(TestPlatform.AdminClientId, TestPlatform.AdminClientSecret);

        await using var restarted = await _platform.StartAnotherIdentityAsync();
        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var partners = await client.GetAsync("/api/v1/identity/partners");

        Assert.Equal(HttpStatusCode.OK, partners.StatusCode);
    }

    [Fact]
    public async Task The_signing_key_file_holds_the_key_only_wrapped_and_the_service_signs_with_it()
    {
        using var identity = _platform.Identity.CreateClient();
        var jwksUri = (await identity.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration")).GetProperty("jwks_uri").GetString()!;
        var jwks = await identity.GetFromJsonAsync<JsonElement>(new Uri(jwksUri).PathAndQuery);
        var published = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("n").GetString()).ToList();
        var onDisk = File.ReadAllText(_platform.Keys.IdentitySigningKeyFile);

        Assert.DoesNotContain("PRIVATE KEY", onDisk);
        Assert.DoesNotContain(Convert.ToBase64String(_platform.SigningKey.ExportRSAPrivateKey())[..64], onDisk);
        Assert.Equal(_platform.SigningKey.ExportRSAPrivateKeyPem(),
            Encoding.UTF8.GetString(new WrappedKeyFile(_platform.Keys.IdentitySigningKeyFile, "identity-signing-key", _platform.Keys.KeyEncryptionKey).Read()));
        Assert.Throws<InvalidOperationException>(() =>
            new WrappedKeyFile(_platform.Keys.IdentitySigningKeyFile, "identity-signing-key", RandomNumberGenerator.GetBytes(32)).Read());
        Assert.Equal([Base64UrlEncoder.Encode(_platform.SigningKey.ExportParameters(false).Modulus)], published);
    }

    [Fact]
    public async Task Without_a_key_file_the_identity_service_makes_one_wrapped_and_keeps_it()
    {
        var settings = _platform.Resources.ServiceSettings("identity");
        var file = Path.Combine(_platform.Keys.Directory, "made-at-first-start.json");
        settings["Identity:SigningKeyFile"] = file;
        _platform.Keys.AddTo(settings);

        await using (var first = new ServiceHost<IdentityDbContext>(settings))
        {
            await Ready.WaitAsync(first.CreateClient());
        }

        var made = File.ReadAllText(file);
        await using (var second = new ServiceHost<IdentityDbContext>(settings))
        {
            await Ready.WaitAsync(second.CreateClient());
        }

        Assert.DoesNotContain("PRIVATE KEY", made);
        Assert.Contains("BEGIN RSA PRIVATE KEY", Encoding.UTF8.GetString(
            new WrappedKeyFile(file, "identity-signing-key", _platform.Keys.KeyEncryptionKey).Read()));
        Assert.Equal(made, File.ReadAllText(file));
    }

    [Fact]
    public async Task Outside_Development_the_identity_service_refuses_to_start_without_a_key_encryption_key()
    {
        var settings = _platform.Resources.ServiceSettings("identity");
        settings["Identity:SigningKeyFile"] = _platform.Keys.IdentitySigningKeyFile;

        var reason = await StartRefusal.ReasonAsync<IdentityDbContext>(settings);

        Assert.Contains("No key-encryption key is configured", reason);
    }

    [Fact]
    public async Task In_Production_the_identity_service_refuses_to_start_without_its_signing_key_file_rather_than_make_a_new_key()
    {
        var settings = _platform.Resources.ServiceSettings("identity");
        var file = Path.Combine(_platform.Keys.Directory, "never-mounted.json");
        settings["Identity:SigningKeyFile"] = file;
        settings["Identity:BootstrapClientId"] = TestPlatform.AdminClientId;
        settings["Identity:BootstrapClientSecret"] = "production-admin-secret-5e4d3c2b1a09";
        _platform.Keys.AddTo(settings);
        settings["KeyEncryption:CreateMissingKeyFiles"] = "false";
        settings["environment"] = "Production";

        var reason = await StartRefusal.ReasonAsync<IdentityDbContext>(settings);

        Assert.Contains($"The key file {file} (identity-signing-key) does not exist", reason);
        Assert.False(File.Exists(file));
    }
}
