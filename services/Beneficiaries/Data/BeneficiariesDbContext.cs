using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Data;

public class BeneficiariesDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Beneficiary> Beneficiaries => Set<Beneficiary>();
    public DbSet<DuplicateFlag> DuplicateFlags => Set<DuplicateFlag>();
    public DbSet<DataSharingAgreement> DataSharingAgreements => Set<DataSharingAgreement>();
    public DbSet<MergeAcceptance> MergeAcceptances => Set<MergeAcceptance>();
    public DbSet<AgreementMatching> AgreementMatchings => Set<AgreementMatching>();

    // Partners may share a person's record with a partner they work with.
    protected override bool UsesRecordSharing => true;

    // Field offices upload registrations in bulk.
    protected override bool UsesImports => true;

    // Data-sharing agreements name only registered, enabled partners.
    protected override bool UsesKnownPartners => true;

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new BeneficiaryConfiguration());
        modelBuilder.ApplyConfiguration(new DuplicateFlagConfiguration());
        modelBuilder.ApplyConfiguration(new DataSharingAgreementConfiguration());
        modelBuilder.ApplyConfiguration(new MergeAcceptanceConfiguration());
        modelBuilder.ApplyConfiguration(new AgreementMatchingConfiguration());
    }
}

// One context type per provider, so that each keeps its own migrations (services/Migrations/<Service>.<Provider>).
public sealed class PostgresBeneficiariesDbContext(DbContextOptions<PostgresBeneficiariesDbContext> options) : BeneficiariesDbContext(options);

public sealed class SqlServerBeneficiariesDbContext(DbContextOptions<SqlServerBeneficiariesDbContext> options) : BeneficiariesDbContext(options);
