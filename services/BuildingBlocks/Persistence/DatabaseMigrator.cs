using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Applies the checked-in migrations before the service takes traffic (hosted services start
/// before the web server). Retries while the database server is still starting.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceScopeFactory scopes, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Elapsed time on a monotonic clock: how long the database server has had to start, not a date.
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await db.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("Database of {Context} is migrated", typeof(TContext).Name);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Stopwatch.GetElapsedTime(started) < GiveUpAfter)
            {
                logger.LogWarning(ex, "Migrating {Context} failed (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
