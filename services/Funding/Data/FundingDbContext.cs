using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Data;

/// <summary>The service's own database. Holds its outbox and inbox until its domain arrives.</summary>
public class FundingDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
    }
}

// One context type per provider, so that each keeps its own migrations (Data/Migrations/<Provider>).
public sealed class PostgresFundingDbContext(DbContextOptions<PostgresFundingDbContext> options) : FundingDbContext(options);

public sealed class SqlServerFundingDbContext(DbContextOptions<SqlServerFundingDbContext> options) : FundingDbContext(options);

public sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresFundingDbContext>;

public sealed class SqlServerDesignTimeFactory : SqlServerDesignTimeFactory<SqlServerFundingDbContext>;
