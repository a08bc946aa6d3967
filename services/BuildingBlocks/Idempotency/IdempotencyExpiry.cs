using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.BuildingBlocks.Idempotency;

/// <summary>
/// Stored answers may hold personal data (a registration's answer holds the person's names),
/// so they are kept only as long as a field office may still retry: Idempotency:KeepFor, 7 days by default.
/// </summary>
internal sealed class IdempotencyExpiry(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<IdempotencyExpiry> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keepFor = configuration.GetValue("Idempotency:KeepFor", TimeSpan.FromDays(7));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateSystemScope();
                var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
                var cutoff = clock.GetUtcNow() - keepFor;
                await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Expiring idempotency records failed; trying again later");
            }

            try
            {
                await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class IdempotencyRecords
{
    private static readonly byte[] GoneProblem = System.Text.Encoding.UTF8.GetBytes(
        """{"title":"The resource was erased","status":410,"detail":"Its data was removed on request; it is not created again."}""");

    /// <summary>
    /// Forgets the stored answers about a resource whose personal data is erased. The keys stay, so
    /// a late retry of the original create is answered 410 instead of creating the record again.
    /// </summary>
    public static async Task ForgetAnswersAboutAsync(this ServiceDbContext db, string location, CancellationToken cancellationToken)
    {
        foreach (var record in await db.IdempotencyRecords.Where(r => r.Location == location).ToListAsync(cancellationToken))
        {
            record.Complete(StatusCodes.Status410Gone, "application/problem+json", location, eTag: null, GoneProblem);
        }
    }
}
