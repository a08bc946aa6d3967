using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Projections.Grants;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Projections.Grievances;
using JusticePlatform.Activities.Iati;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Data;

public class ActivitiesDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<KnownBeneficiary> KnownBeneficiaries => Set<KnownBeneficiary>();
    public DbSet<ActivityProgram> Programs => Set<ActivityProgram>();
    public DbSet<ProgramMember> ProgramMembers => Set<ProgramMember>();
    public DbSet<ProgramRevision> ProgramRevisions => Set<ProgramRevision>();
    public DbSet<Objective> Objectives => Set<Objective>();
    public DbSet<Result> Results => Set<Result>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<IndicatorTarget> IndicatorTargets => Set<IndicatorTarget>();
    public DbSet<ReportingPeriod> Periods => Set<ReportingPeriod>();
    public DbSet<ManualValue> ManualValues => Set<ManualValue>();
    public DbSet<FieldActivity> FieldActivities => Set<FieldActivity>();
    public DbSet<Attendance> Attendance => Set<Attendance>();
    public DbSet<AggregateReach> AggregateReach => Set<AggregateReach>();
    public DbSet<GrievanceOutcome> GrievanceOutcomes => Set<GrievanceOutcome>();
    public DbSet<ReachedRecord> ReachedRecords => Set<ReachedRecord>();
    public DbSet<ProjectedGrant> ProjectedGrants => Set<ProjectedGrant>();
    public DbSet<ProjectedBudgetLine> ProjectedBudgetLines => Set<ProjectedBudgetLine>();
    public DbSet<ProgramGrant> ProgramGrants => Set<ProgramGrant>();
    public DbSet<ProgramBudget> ProgramBudgets => Set<ProgramBudget>();
    public DbSet<ProgramTransaction> ProgramTransactions => Set<ProgramTransaction>();

    /// <summary>Programs are shared with the consortium's members, and members' activities with the lead.</summary>
    protected override bool UsesRecordSharing => true;

    // Field offices upload activities and attendance in bulk.
    protected override bool UsesImports => true;

    // Programs invite only registered, enabled partners.
    protected override bool UsesKnownPartners => true;

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new KnownBeneficiaryConfiguration());
        modelBuilder.ApplyConfiguration(new ActivityProgramConfiguration());
        modelBuilder.ApplyConfiguration(new ProgramMemberConfiguration());
        modelBuilder.ApplyConfiguration(new ProgramRevisionConfiguration());
        var framework = new FrameworkConfiguration();
        modelBuilder.ApplyConfiguration<Objective>(framework);
        modelBuilder.ApplyConfiguration<Result>(framework);
        modelBuilder.ApplyConfiguration<Indicator>(framework);
        modelBuilder.ApplyConfiguration<IndicatorTarget>(framework);
        modelBuilder.ApplyConfiguration<ReportingPeriod>(framework);
        modelBuilder.ApplyConfiguration<ManualValue>(framework);
        var activities = new FieldActivityConfiguration();
        modelBuilder.ApplyConfiguration<FieldActivity>(activities);
        modelBuilder.ApplyConfiguration<Attendance>(activities);
        modelBuilder.ApplyConfiguration<AggregateReach>(activities);
        modelBuilder.ApplyConfiguration(new GrievanceOutcomeConfiguration());
        modelBuilder.ApplyConfiguration(new ReachedRecordConfiguration());
        var grants = new ProjectedGrantConfiguration();
        modelBuilder.ApplyConfiguration<ProjectedGrant>(grants);
        modelBuilder.ApplyConfiguration<ProjectedBudgetLine>(grants);
        modelBuilder.ApplyConfiguration(new ProgramGrantConfiguration());
        var finance = new ProgramFinanceConfiguration();
        modelBuilder.ApplyConfiguration<ProgramBudget>(finance);
        modelBuilder.ApplyConfiguration<ProgramTransaction>(finance);
    }
}

// One context type per provider, so that each keeps its own migrations (services/Migrations/<Service>.<Provider>).
public sealed class PostgresActivitiesDbContext(DbContextOptions<PostgresActivitiesDbContext> options) : ActivitiesDbContext(options);

public sealed class SqlServerActivitiesDbContext(DbContextOptions<SqlServerActivitiesDbContext> options) : ActivitiesDbContext(options);
