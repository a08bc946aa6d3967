using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.Grievances.Projections.Beneficiaries;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Monitoring;
using JusticePlatform.Grievances.Protection;
using JusticePlatform.Grievances.Referrals;
using JusticePlatform.Grievances.Projections.Programs;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Data;

public class GrievancesDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<GrievanceCase> Cases => Set<GrievanceCase>();
    public DbSet<CaseStatusChange> CaseStatusChanges => Set<CaseStatusChange>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<MonitoredIncident> MonitoredIncidents => Set<MonitoredIncident>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<KnownBeneficiary> KnownBeneficiaries => Set<KnownBeneficiary>();
    public DbSet<SharingAgreement> SharingAgreements => Set<SharingAgreement>();
    public DbSet<LegacyBeneficiaryLink> LegacyBeneficiaryLinks => Set<LegacyBeneficiaryLink>();
    public DbSet<KeyRotation> KeyRotations => Set<KeyRotation>();
    public DbSet<KnownProgram> KnownPrograms => Set<KnownProgram>();

    // Cases are referred only to registered, enabled partners, and read by them only while they stay enabled.
    protected override bool UsesKnownPartners => true;

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new CaseConfiguration());
        modelBuilder.ApplyConfiguration(new CaseStatusChangeConfiguration());
        modelBuilder.ApplyConfiguration(new IncidentConfiguration());
        modelBuilder.ApplyConfiguration(new MonitoredIncidentConfiguration());
        modelBuilder.ApplyConfiguration(new ReferralConfiguration());
        modelBuilder.ApplyConfiguration(new KnownBeneficiaryConfiguration());
        modelBuilder.ApplyConfiguration(new SharingAgreementConfiguration());
        modelBuilder.ApplyConfiguration(new LegacyBeneficiaryLinkConfiguration());
        modelBuilder.ApplyConfiguration(new KeyRotationConfiguration());
        modelBuilder.ApplyConfiguration(new KnownProgramConfiguration());
    }
}

// One context type per provider, so that each keeps its own migrations (services/Migrations/<Service>.<Provider>).
public sealed class PostgresGrievancesDbContext(DbContextOptions<PostgresGrievancesDbContext> options) : GrievancesDbContext(options);

public sealed class SqlServerGrievancesDbContext(DbContextOptions<SqlServerGrievancesDbContext> options) : GrievancesDbContext(options);
