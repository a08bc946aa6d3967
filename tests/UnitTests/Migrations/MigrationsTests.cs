using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace JusticePlatform.UnitTests.Migrations;

/// <summary>
/// Both providers' checked-in migrations must match each service's model. This needs no
/// database server, so it also guards the SQL Server migrations where no SQL Server runs.
/// </summary>
public sealed class MigrationsTests
{
    public static TheoryData<Type> DesignTimeFactories => new()
    {
        typeof(JusticePlatform.Beneficiaries.Data.PostgresDesignTimeFactory),
        typeof(JusticePlatform.Beneficiaries.Data.SqlServerDesignTimeFactory),
        typeof(JusticePlatform.Activities.Data.PostgresDesignTimeFactory),
        typeof(JusticePlatform.Activities.Data.SqlServerDesignTimeFactory),
        typeof(JusticePlatform.Grievances.Data.PostgresDesignTimeFactory),
        typeof(JusticePlatform.Grievances.Data.SqlServerDesignTimeFactory),
        typeof(JusticePlatform.Funding.Data.PostgresDesignTimeFactory),
        typeof(JusticePlatform.Funding.Data.SqlServerDesignTimeFactory),
        typeof(JusticePlatform.Identity.Data.PostgresDesignTimeFactory),
        typeof(JusticePlatform.Identity.Data.SqlServerDesignTimeFactory),
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

    private static DbContext Create(Type factory)
    {
        var create = factory.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)).GetMethod("CreateDbContext")!;
        return (DbContext)create.Invoke(Activator.CreateInstance(factory), [Array.Empty<string>()])!;
    }
}
