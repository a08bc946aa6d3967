using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace JusticePlatform.UnitTests.Migrations;

/// <summary>
/// Both providers' checked-in migrations (services/Migrations/&lt;Service&gt;.&lt;Provider&gt;) must match each
/// service's model. This needs no database server, so it also guards the SQL Server migrations where
/// no SQL Server runs.
/// </summary>
public sealed class MigrationsTests
{
    public static TheoryData<Type> DesignTimeFactories => new()
    {
        typeof(JusticePlatform.Beneficiaries.Migrations.Postgres.DesignTimeFactory),
        typeof(JusticePlatform.Beneficiaries.Migrations.SqlServer.DesignTimeFactory),
        typeof(JusticePlatform.Activities.Migrations.Postgres.DesignTimeFactory),
        typeof(JusticePlatform.Activities.Migrations.SqlServer.DesignTimeFactory),
        typeof(JusticePlatform.Grievances.Migrations.Postgres.DesignTimeFactory),
        typeof(JusticePlatform.Grievances.Migrations.SqlServer.DesignTimeFactory),
        typeof(JusticePlatform.Funding.Migrations.Postgres.DesignTimeFactory),
        typeof(JusticePlatform.Funding.Migrations.SqlServer.DesignTimeFactory),
        typeof(JusticePlatform.Identity.Migrations.Postgres.DesignTimeFactory),
        typeof(JusticePlatform.Identity.Migrations.SqlServer.DesignTimeFactory),
    };

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void The_checked_in_migrations_match_the_model(Type factory)
    {
        using var db = Create(factory);

        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration: add one for both providers.");
    }

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void The_migrations_produce_a_script(Type factory)
    {
        using var db = Create(factory);

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("outbox_messages", script);
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void A_service_finds_its_migrations_where_the_project_puts_them(Type factory)
    {
        using var db = Create(factory);
        var provider = db.Database.IsSqlServer() ? DatabaseProvider.SqlServer : DatabaseProvider.Postgres;

        var migrations = MigrationsAssemblies.Load(db.GetType(), provider);

        Assert.Same(factory.Assembly, migrations);
        Assert.Same(factory.Assembly, db.GetService<IMigrationsAssembly>().Assembly);
    }

    [Fact]
    public void A_service_without_its_migrations_refuses_to_start_and_says_which()
    {
        var empty = Directory.CreateTempSubdirectory("no-migrations-");
        try
        {
            var refusal = Assert.Throws<InvalidOperationException>(() => MigrationsAssemblies.Load(typeof(ContextWithoutMigrations), DatabaseProvider.Postgres, empty.FullName));

            Assert.Contains("JusticePlatform.UnitTests.Migrations.Postgres.dll", refusal.Message);
            Assert.Contains("does not start", refusal.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private sealed class ContextWithoutMigrations : DbContext;

    private static DbContext Create(Type factory)
    {
        var create = factory.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)).GetMethod("CreateDbContext")!;
        return (DbContext)create.Invoke(Activator.CreateInstance(factory), [Array.Empty<string>()])!;
    }
}
