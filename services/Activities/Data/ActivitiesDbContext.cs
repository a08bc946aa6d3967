using JusticePlatform.Activities.Beneficiaries;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Data;

public class ActivitiesDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<KnownBeneficiary> KnownBeneficiaries => Set<KnownBeneficiary>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new KnownBeneficiaryConfiguration());
    }
}

// One context type per provider, so that each keeps its own migrations (Data/Migrations/<Provider>).
public sealed class PostgresActivitiesDbContext(DbContextOptions<PostgresActivitiesDbContext> options) : ActivitiesDbContext(options);

public sealed class SqlServerActivitiesDbContext(DbContextOptions<SqlServerActivitiesDbContext> options) : ActivitiesDbContext(options);

public sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresActivitiesDbContext>;

public sealed class SqlServerDesignTimeFactory : SqlServerDesignTimeFactory<SqlServerActivitiesDbContext>;
