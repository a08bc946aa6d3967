using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers a service's DbContext on the configured provider. Each provider has its own
    /// derived context type so that each keeps its own checked-in migrations; the rest of the
    /// service only ever asks for <typeparamref name="TContext"/>. Migrations run at start-up.
    /// The contexts are pooled: building a context and its options was a third of what a read
    /// allocated. Each scope (a request, a consumer, a worker) leases one for its lifetime and gives
    /// it its own caller (<see cref="ICurrentPartner"/>), so ownership is the scope's, as before.
    /// The migrations live in their own assembly per provider (<see cref="MigrationsAssemblies"/>),
    /// loaded here: a service without them stops now, with the reason, rather than start unmigrated.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TPostgres, TSqlServer>(
        this IHostApplicationBuilder builder, string connectionName)
        where TContext : ServiceDbContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing (ConnectionStrings:{connectionName}).");

        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();

        var provider = DatabaseProviderSetting.Read(builder.Configuration);
        var migrations = MigrationsAssemblies.Load(typeof(TContext), provider);
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                // Transient failures (a failover, a dropped connection) are retried; each SaveChanges —
                // the change and its outbox rows in one transaction — is retried as a whole.
                builder.Services.AddPooledDbContextFactory<TSqlServer>((services, options) => options
                    .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure().MigrationsAssembly(migrations))
                    .AddInterceptors(services.GetServices<IInterceptor>()));
                AddLeasedContext<TContext, TSqlServer>(builder.Services);
                break;
            default:
                builder.Services.AddPooledDbContextFactory<TPostgres>((services, options) => options
                    .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure().MigrationsAssembly(migrations))
                    .AddInterceptors(services.GetServices<IInterceptor>()));
                AddLeasedContext<TContext, TPostgres>(builder.Services);
                break;
        }

        // Shared building blocks (audit, idempotency) ask for the service's context by its base type.
        builder.Services.AddScoped<ServiceDbContext>(services => services.GetRequiredService<TContext>());
        builder.Services.TryAddSingleton<AuditWriter>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database");
        builder.Services.AddSingleton<DatabaseMigrator<TContext>>();
        builder.Services.AddSingleton<IDatabaseMigration>(services => services.GetRequiredService<DatabaseMigrator<TContext>>());
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator<TContext>>());
        builder.Services.AddHostedService<IdempotencyExpiry>();
        return builder;
    }

    // One owner per scope leases the context and gives it back once, after every other disposal of the
    // scope: the container also disposes what each factory returned (TContext and ServiceDbContext, the
    // same instance), and those disposals must not give it back (see ServiceDbContext.Dispose).
    private static void AddLeasedContext<TContext, TImplementation>(IServiceCollection services)
        where TContext : ServiceDbContext
        where TImplementation : TContext
    {
        services.AddScoped(scope => new ContextLease(
            scope.GetRequiredService<IDbContextFactory<TImplementation>>().CreateDbContext(), scope.GetService<ICurrentPartner>()));
        services.AddScoped<TContext>(scope => (TContext)scope.GetRequiredService<ContextLease>().Context);
    }
}
