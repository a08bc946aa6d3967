using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Data;

/// <summary>The service's own database. Holds its outbox and inbox until its domain arrives.</summary>
public class GrievancesDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
    }
}

// One context type per provider, so that each keeps its own migrations (Data/Migrations/<Provider>).
public sealed class PostgresGrievancesDbContext(DbContextOptions<PostgresGrievancesDbContext> options) : GrievancesDbContext(options);

public sealed class SqlServerGrievancesDbContext(DbContextOptions<SqlServerGrievancesDbContext> options) : GrievancesDbContext(options);

public sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresGrievancesDbContext>;

public sealed class SqlServerDesignTimeFactory : SqlServerDesignTimeFactory<SqlServerGrievancesDbContext>;
