using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Identity.Partners;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Identity.Data;

/// <summary>Partners, and OpenIddict's applications (the partners' API clients, secrets hashed) and tokens.</summary>
public class IdentityDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Partner> Partners => Set<Partner>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfiguration(new PartnerConfiguration());
    }
}

// One context type per provider, so that each keeps its own migrations (services/Migrations/<Service>.<Provider>).
public sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options) : IdentityDbContext(options);

public sealed class SqlServerIdentityDbContext(DbContextOptions<SqlServerIdentityDbContext> options) : IdentityDbContext(options);
