using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JusticePlatform.Identity.Partners;

/// <summary>
/// Creates the platform's first administrator client from configuration when it is missing,
/// so that a fresh installation can register partners through the admin API. A secret changed in
/// the configuration replaces the client's secret at the next start (a rotation: the tokens issued
/// before are refused).
/// </summary>
internal sealed class BootstrapAdministrator(IServiceScopeFactory scopes, IOptions<IdentityServerOptions> options, TimeProvider clock, ILogger<BootstrapAdministrator> logger)
    : IHostedService
{
    public const string PlatformPartner = "platform";

    /// <summary>The AppHost's default secret for local runs (ADMIN_CLIENT_SECRET unset): never good enough elsewhere.</summary>
    public const string DevelopmentSecret = "local-admin-secret";

    public const int MinimumSecretLength = 16;

    /// <summary>
    /// Outside Development, a named bootstrap client without a secret, with the development default,
    /// or with a short one stops the start: a platform must not run with an administrator anyone can guess.
    /// </summary>
    public static void RefuseUnsafeSecret(IdentityServerOptions options, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || string.IsNullOrEmpty(options.BootstrapClientId))
        {
            return;
        }

        var problem = options.BootstrapClientSecret switch
        {
            null or "" => "has no secret",
            DevelopmentSecret => "has the development default secret",
            { Length: < MinimumSecretLength } => $"has a secret shorter than {MinimumSecretLength} characters",
            _ => null,
        };
        if (problem is not null)
        {
            throw new InvalidOperationException(
                $"The bootstrap administrator client '{options.BootstrapClientId}' {problem}, so the identity service does not start outside Development. " +
                $"Set {IdentityServerOptions.Section}:BootstrapClientSecret (environment variable {IdentityServerOptions.Section}__BootstrapClientSecret; " +
                $"ADMIN_CLIENT_SECRET under the AppHost) to a random secret of {MinimumSecretLength} characters or more, from a secret store.");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (clientId, secret) = (options.Value.BootstrapClientId, options.Value.BootstrapClientSecret);
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var registry = scope.ServiceProvider.GetRequiredService<PartnerRegistry>();
        if (!await db.Partners.AnyAsync(p => p.Id == PlatformPartner, cancellationToken))
        {
            Partner.Register(db, PlatformPartner, "Platform administrators", null, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!await registry.ClientExistsAsync(clientId, cancellationToken))
        {
            await registry.RegisterClientAsync(PlatformPartner, "Platform administrator", [Scopes.Admin, Scopes.ProgramOfficer], clientId, secret, cancellationToken);
            logger.LogInformation("Created the bootstrap administrator client {ClientId}", clientId);
        }
        else if (await registry.SetChosenSecretAsync(clientId, secret, cancellationToken))
        {
            logger.LogWarning("The bootstrap administrator client {ClientId} was given the secret now configured; tokens issued before are refused", clientId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
