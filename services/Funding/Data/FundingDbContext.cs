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
        modelBuilder.Entity<Organisation>(o =>
        {
            o.ToTable("organisations");
            o.HasKey(x => x.Id);
            o.Property(x => x.PartnerId).HasMaxLength(100);
            o.Property(x => x.Name).HasMaxLength(200);
            o.Property(x => x.IatiIdentifier).HasMaxLength(100);
            o.Property(x => x.Type).HasMaxLength(40);
            o.Property(x => x.Role).HasMaxLength(20);
            o.Property(x => x.Version).IsConcurrencyToken();
            o.Ignore(x => x.IatiTypeCode);
            o.HasIndex(x => x.PartnerId);
        });

        modelBuilder.Entity<Grant>(g =>
        {
            g.ToTable("grants");
            g.HasKey(x => x.Id);
            g.Property(x => x.PartnerId).HasMaxLength(100);
            g.Property(x => x.Title).HasMaxLength(300);
            g.Property(x => x.IatiIdentifier).HasMaxLength(150);
            g.Property(x => x.FunderName).HasMaxLength(200);
            g.Property(x => x.FunderIatiIdentifier).HasMaxLength(100);
            g.Property(x => x.FunderPartnerId).HasMaxLength(100);
            g.Property(x => x.RecipientPartnerId).HasMaxLength(100);
            g.Ignore(x => x.ChargingPartnerIds);
            g.Ignore(x => x.IsClosed);
            g.Ignore(x => x.EventVersion);
            g.Property(x => x.ProgramLeadPartnerId).HasMaxLength(100);
            g.Property(x => x.Amount).HasPrecision(20, 2);
            g.Property(x => x.Currency).HasMaxLength(3);
            g.Property(x => x.Status).HasMaxLength(20);
            g.Property(x => x.Version).IsConcurrencyToken();
            g.Property(x => x.BudgetRevision).IsConcurrencyToken();
            g.Ignore(x => x.Readers);
            g.HasIndex(x => x.PartnerId);
            g.HasIndex(x => x.ProgramId);
        });

        modelBuilder.Entity<BudgetLine>(l =>
        {
            l.ToTable("budget_lines");
            l.HasKey(x => x.Id);
            l.Property(x => x.Code).HasMaxLength(50);
            l.Property(x => x.Name).HasMaxLength(200);
            l.Property(x => x.Kind).HasMaxLength(20);
            l.Property(x => x.CostCategory).HasMaxLength(100);
            l.Property(x => x.Amount).HasPrecision(20, 2);
            l.Property(x => x.Currency).HasMaxLength(3);
            l.Property(x => x.BudgetType).HasMaxLength(20);
            l.Property(x => x.BudgetStatus).HasMaxLength(20);
            l.Property(x => x.Version).IsConcurrencyToken();
            l.Property(x => x.Bookings).IsConcurrencyToken();
            l.HasIndex(x => x.GrantId);
        });

        modelBuilder.Entity<GrantTransaction>(t =>
        {
            t.ToTable("transactions");
            t.HasKey(x => x.Id);
            t.Property(x => x.Type).HasMaxLength(30);
            t.Property(x => x.Amount).HasPrecision(20, 2);
            t.Property(x => x.Currency).HasMaxLength(3);
            t.Property(x => x.ProviderName).HasMaxLength(200);
            t.Property(x => x.ProviderIatiIdentifier).HasMaxLength(100);
            t.Property(x => x.ReceiverName).HasMaxLength(200);
            t.Property(x => x.ReceiverIatiIdentifier).HasMaxLength(100);
            t.Ignore(x => x.IatiTypeCode);
            t.HasIndex(x => x.GrantId);
            t.HasIndex(x => x.BudgetLineId);
            t.HasIndex(x => x.ActivityId);
            t.Property(x => x.BookingKey).HasMaxLength(100);
            t.HasIndex(x => x.BookingKey).IsUnique();
        });

        modelBuilder.Entity<ExchangeRate>(r =>
        {
            r.ToTable("exchange_rates");
            r.HasKey(x => x.Id);
            r.Property(x => x.Base).HasMaxLength(3);
            r.Property(x => x.Quote).HasMaxLength(3);
            r.Property(x => x.Rate).HasPrecision(28, 12);
            r.Property(x => x.Source).HasMaxLength(200);
            r.Property(x => x.EnteredBy).HasMaxLength(100);
            r.HasIndex(x => new { x.Base, x.Quote, x.EffectiveDate }).IsUnique();
        });

        modelBuilder.Entity<Appeal>(a =>
        {
            a.ToTable("appeals");
            a.HasKey(x => x.Id);
            a.Property(x => x.PartnerId).HasMaxLength(100);
            a.Property(x => x.Name).HasMaxLength(300);
            a.Property(x => x.Requirement).HasPrecision(20, 2);
            a.Property(x => x.Version).IsConcurrencyToken();
            a.Ignore(x => x.ValueDate);
            a.HasIndex(x => x.PartnerId);
        });

        modelBuilder.Entity<Contribution>(c =>
        {
            c.ToTable("contributions");
            c.HasKey(x => x.Id);
            c.Property(x => x.FunderName).HasMaxLength(200);
            c.Property(x => x.FunderIatiIdentifier).HasMaxLength(100);
            c.Property(x => x.Amount).HasPrecision(20, 2);
            c.Property(x => x.Currency).HasMaxLength(3);
            c.Property(x => x.Status).HasMaxLength(20);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasIndex(x => x.AppealId);
        });

        modelBuilder.Entity<ActivityCost>(c =>
        {
            c.ToTable("activity_costs");
            c.HasKey(x => x.ActivityId);
            c.Property(x => x.Revision).IsConcurrencyToken();
        });

        modelBuilder.Entity<UnbookedExpenditure>(u =>
        {
            u.ToTable("unbooked_expenditures");
            u.HasKey(x => x.Id);
            u.Property(x => x.ActivityPartnerId).HasMaxLength(100);
            u.Property(x => x.Amount).HasPrecision(20, 2);
            u.Property(x => x.Currency).HasMaxLength(10);
            u.Property(x => x.Reason).HasConversion<string>().HasMaxLength(40);
            u.Property(x => x.Status).HasMaxLength(20);
            u.Property(x => x.DismissalReason).HasMaxLength(500);
            u.Property(x => x.ResolvedBy).HasMaxLength(100);
            u.Property(x => x.Version).IsConcurrencyToken();
            u.Ignore(x => x.IsOpen);
            u.Ignore(x => x.Charge);
            // One per activity: a completion redelivered after a failure cannot list it twice.
            u.HasIndex(x => x.ActivityId).IsUnique();
            u.HasIndex(x => new { x.GrantId, x.Status });
            u.HasIndex(x => new { x.ProgramId, x.Status });
        });
    }
}

// One context type per provider, so that each keeps its own migrations (Data/Migrations/<Provider>).
public sealed class PostgresFundingDbContext(DbContextOptions<PostgresFundingDbContext> options) : FundingDbContext(options);

public sealed class SqlServerFundingDbContext(DbContextOptions<SqlServerFundingDbContext> options) : FundingDbContext(options);

public sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresFundingDbContext>;

public sealed class SqlServerDesignTimeFactory : SqlServerDesignTimeFactory<SqlServerFundingDbContext>;
