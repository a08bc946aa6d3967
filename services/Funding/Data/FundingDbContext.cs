using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding.Appeals;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Transactions;
using JusticePlatform.Funding.Projections.Programs;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Data;

/// <summary>The service's own database: organisations, grants and their budgets and transactions, exchange rates, appeals.</summary>
public class FundingDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Grant> Grants => Set<Grant>();
    public DbSet<BudgetLine> BudgetLines => Set<BudgetLine>();
    public DbSet<GrantTransaction> Transactions => Set<GrantTransaction>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<Appeal> Appeals => Set<Appeal>();
    public DbSet<Contribution> Contributions => Set<Contribution>();
    public DbSet<KnownProgram> KnownPrograms => Set<KnownProgram>();
    public DbSet<ActivityCost> ActivityCosts => Set<ActivityCost>();
    public DbSet<UnbookedExpenditure> UnbookedExpenditures => Set<UnbookedExpenditure>();

    /// <summary>Grants are shared, read-only, with their recipient, their funder's partner and the program's lead.</summary>
    protected override bool UsesRecordSharing => true;

    // A grant's sub-recipients must be registered, enabled partners.
    protected override bool UsesKnownPartners => true;

    /// <summary>Every entered rate, for conversions at query time (a few hundred rows at most).</summary>
    public async Task<Converter> ConverterAsync(CancellationToken cancellationToken) =>
        new(await ExchangeRates.AsNoTracking().ToListAsync(cancellationToken));

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new KnownProgramConfiguration());
        modelBuilder.ApplyConfiguration(new OrganisationConfiguration());
        modelBuilder.ApplyConfiguration(new GrantConfiguration());
        modelBuilder.ApplyConfiguration(new BudgetLineConfiguration());
        modelBuilder.ApplyConfiguration(new GrantTransactionConfiguration());
        modelBuilder.ApplyConfiguration(new ExchangeRateConfiguration());
        modelBuilder.ApplyConfiguration(new AppealConfiguration());
        modelBuilder.ApplyConfiguration(new ContributionConfiguration());
        modelBuilder.ApplyConfiguration(new ActivityCostConfiguration());
        modelBuilder.ApplyConfiguration(new UnbookedExpenditureConfiguration());
    }
}

// One context type per provider, so that each keeps its own migrations (services/Migrations/<Service>.<Provider>).
public sealed class PostgresFundingDbContext(DbContextOptions<PostgresFundingDbContext> options) : FundingDbContext(options);

public sealed class SqlServerFundingDbContext(DbContextOptions<SqlServerFundingDbContext> options) : FundingDbContext(options);
