using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>Applies a service's checked-in migrations: at start-up, or alone with <see cref="MigrateOnly.Switch"/>.</summary>
public interface IDatabaseMigration
{
    Task MigrateAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Applies the checked-in migrations before the service takes traffic (hosted services start
/// before the web server). Waits while the database server is still starting: one warning when it
/// does not answer, not an error per attempt; the migration itself is not retried.
/// With <c>Database:MigrateAtStart=false</c> (a runtime role that may not change the schema; the
/// migrations run apart, with <see cref="MigrateOnly.Switch"/> and the owner role) it only checks
/// that none is pending, and refuses to start otherwise.
/// </summary>
internal sealed partial class DatabaseMigrator<TContext>(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService, IDatabaseMigration where TContext : DbContext
{
    public const string MigrateAtStartSetting = "Database:MigrateAtStart";

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public Task StartAsync(CancellationToken cancellationToken) =>
        configuration.GetValue(MigrateAtStartSetting, true) ? MigrateAsync(cancellationToken) : RefusePendingMigrationsAsync(cancellationToken);

    private async Task RefusePendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        RefuseWithoutMigrations(db);
        await WaitForServerAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database of {typeof(TContext).Name} lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and " +
                $"{MigrateAtStartSetting} is false: run the migration step first (the service with {MigrateOnly.Switch}, as the database's owner role).");
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        RefuseWithoutMigrations(db);
        await WaitForServerAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, typeof(TContext).Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // A migrations assembly that holds none (the wrong one, an empty build) would make "migrated" and
    // "nothing pending" both trivially true.
    private static void RefuseWithoutMigrations(TContext db)
    {
        if (!db.Database.GetMigrations().Any())
        {
            throw new InvalidOperationException(
                $"{typeof(TContext).Name} finds no migration in its migrations assembly " +
                $"({db.GetService<IMigrationsAssembly>().Assembly.GetName().Name}): the service does not start on an unknown schema.");
        }
    }

    // Opens the connection outside EF Core, whose connection errors are logged as errors: a server
    // still starting is routine, not an error.
    private async Task WaitForServerAsync(TContext db, CancellationToken cancellationToken)
    {
        // Elapsed time on a monotonic clock: how long the database server has had to start, not a date.
        var started = Stopwatch.GetTimestamp();
        var attempt = 0;
        while (!await AnswersAsync(db.Database.GetDbConnection(), cancellationToken))
        {
            attempt++;
            if (Stopwatch.GetElapsedTime(started) >= GiveUpAfter)
            {
                // Gives up the way the migration would: its error says why.
                return;
            }

            if (attempt == 1)
            {
                LogWaiting(logger, typeof(TContext).Name, (int)GiveUpAfter.TotalSeconds);
            }
            else
            {
                LogStillWaiting(logger, typeof(TContext).Name, attempt);
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
        }

        if (attempt > 0)
        {
            LogAnswered(logger, typeof(TContext).Name, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static async Task<bool> AnswersAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A server that answered (a database not created yet, a refused login) is up: the migration says what follows.
            return ServerAnswered(ex);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static bool ServerAnswered(Exception error) => error switch
    {
        PostgresException => true,
        SqlException sql => sql.Number is 4060 or 18456,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Database of {Context} is migrated")]
    private static partial void LogMigrated(ILogger logger, string context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database server of {Context} does not answer yet; waiting up to {Seconds} s for it")]
    private static partial void LogWaiting(ILogger logger, string context, int seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The database server of {Context} does not answer yet (attempt {Attempt})")]
    private static partial void LogStillWaiting(ILogger logger, string context, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database server of {Context} answered after {Seconds:F0} s")]
    private static partial void LogAnswered(ILogger logger, string context, double seconds);
}

/// <summary>
/// <c>--migrate-only</c> on a service's command line: apply its migrations and exit, without
/// serving or connecting to the broker (the Kubernetes migration Job; see docs/OPERATIONS.md).
/// </summary>
public static class MigrateOnly
{
    public const string Switch = "--migrate-only";

    /// <summary>True when <paramref name="args"/> asked for the migrations only: they are then applied, and the caller exits.</summary>
    public static async Task<bool> MigrateOnlyAsync(this IHost app, string[] args)
    {
        if (!args.Contains(Switch, StringComparer.Ordinal))
        {
            return false;
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        foreach (var migration in app.Services.GetServices<IDatabaseMigration>())
        {
            await migration.MigrateAsync(stopping.Token);
        }

        return true;
    }
}
