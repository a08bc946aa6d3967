using System.Security.Cryptography;
using System.Text;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Secrets;
using JusticePlatform.Identity.Data;
using JusticePlatform.Identity.Partners;
using JusticePlatform.Identity.Tokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Validation.AspNetCore;

namespace JusticePlatform.Identity;

internal static class Extensions
{
    public const string ServiceName = "identity";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext, PostgresIdentityDbContext, SqlServerIdentityDbContext>("identitydb");
        // Partners' registration, disabling and enabling reach the services through the outbox.
        builder.AddMessaging<IdentityDbContext>(ServiceName);
        builder.Services.Configure<IdentityServerOptions>(builder.Configuration.GetSection(IdentityServerOptions.Section));
        var options = builder.Configuration.GetSection(IdentityServerOptions.Section).Get<IdentityServerOptions>() ?? new IdentityServerOptions();
        BootstrapAdministrator.RefuseUnsafeSecret(options, builder.Environment);
        var signingKey = SigningKey.Load(WrappedKeyFile.Open(
            builder.Configuration, builder.Environment, SigningKey.Purpose, options.SigningKeyFile, SigningKey.DefaultFileName));

        builder.Services.AddOpenIddict()
            // No entity cache: a cached client could outlive its disabling. The cost is one query per token request.
            .AddCore(core => core.DisableEntityCaching().UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.HideWhichClientCheckFailed();
                server.VerifySecretsOfUnknownClients();
                server.RegisterScopes(Scopes.All);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                if (options.Issuer is { } issuer)
                {
                    server.SetIssuer(new Uri(issuer));
                }

                // Services validate plain signed JWTs against the published keys; nothing is encrypted for them.
                server.DisableAccessTokenEncryption();
                server.AddEphemeralEncryptionKey();
                server.AddSigningKey(signingKey);

                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // TLS ends in front of the platform (the gateway or the ingress), not here.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });

        // This service validates its own tokens locally; the scope policies are the shared ones.
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.AddPartnerAuthorization();
        builder.Services.AddScoped<PartnerRegistry>();
        builder.AddCodeLists(ScopeCodes.All);
        // OAuth2's fixed words, documented as the only values the token endpoint takes and gives.
        builder.Services.Configure<OpenApiCodeLists>(lists => lists
            .Add("TokenRequest.grant_type", ["client_credentials"])
            .Add("TokenResponse.token_type", ["Bearer"])
            .Add("TokenError.error", ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "server_error", "temporarily_unavailable"]));
        builder.Services.Configure<OpenApiExamples>(examples => examples
            .Add(new TokenRequest("client_credentials", "amss-3f9c2a", "s3cr3t-shown-once-9b1e7d", "beneficiaries.read beneficiaries.write"))
            .Add(new TokenResponse("eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9…", "Bearer", 3600, "beneficiaries.read beneficiaries.write"))
            .Add(new TokenError("invalid_client", "The client credentials are not valid"))
            .Add(new RegisterPartnerRequest("amss", "AMSS", null))
            .Add(new PartnerResponse("amss", "AMSS", null, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), false))
            .Add(new PartnersAnnounced(12))
            .Add(new RegisterClientRequest("AMSS Timbuktu office", [Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite, Scopes.ActivitiesRead]))
            .Add(new PartnerRegistry.IssuedClient("amss-3f9c2a", "s3cr3t-shown-once-9b1e7d", [Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite, Scopes.ActivitiesRead])));
        builder.Services.AddHostedService<BootstrapAdministrator>();
    }
}

/// <summary>Settings under "Identity".</summary>
public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>The issuer in every token; defaults to the address the token endpoint was called on.</summary>
    public string? Issuer { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The token signing key's file (an RSA private key, wrapped by the key-encryption key); relative
    /// paths start at the content root. Default: keys/identity-signing-key.json there. Made on the
    /// first start, then kept, so tokens outlive a restart.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The first administrator's client, created at start-up when missing.</summary>
    public string? BootstrapClientId { get; set; }

    public string? BootstrapClientSecret { get; set; }
}

internal static class SigningKey
{
    public const string Purpose = "identity-signing-key";
    public const string DefaultFileName = "identity-signing-key.json";

    public static SecurityKey Load(WrappedKeyFile file)
    {
        var pem = Encoding.UTF8.GetString(file.ReadOrCreate(() =>
        {
            using var created = RSA.Create(2048);
            return Encoding.UTF8.GetBytes(created.ExportRSAPrivateKeyPem());
        }));
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16];
        return key;
    }
}
