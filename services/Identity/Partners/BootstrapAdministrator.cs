using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JusticePlatform.Identity.Partners;

/// <summary>
/// Creates the platform's first administrator client from configuration when it is missing,
/// so that a fresh installation can register partners through the admin API.
/// </summary>
internal sealed class BootstrapAdministrator(IServiceScopeFactory scopes, IOptions<IdentityServerOptions> options, TimeProvider clock, ILogger<BootstrapAdministrator> logger)
    : IHostedService
{
    public const string PlatformPartner = "platform";

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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
