using System.Security.Cryptography;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
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

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
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
                server.AddSigningKey(SigningKey.Load(options));

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
        builder.Services.Configure<OpenApiCodeLists>(lists => lists.Add("scopes", Scopes.All));
        builder.Services.Configure<OpenApiExamples>(examples => examples
            .Add(new TokenResponse("eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9…", "Bearer", 3600, "beneficiaries.read beneficiaries.write"))
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

    /// <summary>An RSA private key in PEM, or a path to one. Without it a key is made at start-up (tokens die with the process).</summary>
    public string? SigningKey { get; set; }

    public string? SigningKeyPath { get; set; }

    /// <summary>The first administrator's client, created at start-up when missing.</summary>
    public string? BootstrapClientId { get; set; }

    public string? BootstrapClientSecret { get; set; }
}

internal static class SigningKey
{
    public static SecurityKey Load(IdentityServerOptions options)
    {
        var pem = options.SigningKey
            ?? (options.SigningKeyPath is { } path && File.Exists(path) ? File.ReadAllText(path) : null);
        var rsa = RSA.Create(2048);
        if (pem is not null)
        {
            rsa.ImportFromPem(pem);
        }

        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16];
        return key;
    }
}
