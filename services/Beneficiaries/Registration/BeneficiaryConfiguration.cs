using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.Registration;

internal sealed class BeneficiaryConfiguration : IEntityTypeConfiguration<Beneficiary>
{
    public void Configure(EntityTypeBuilder<Beneficiary> builder)
    {
        builder.ToTable("beneficiaries");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasIndex(b => b.Code).IsUnique();
        builder.HasIndex(b => new { b.PartnerId, b.RegisteredAt });
        // The order the matching under a new data-sharing agreement walks the two partners' records in.
        builder.HasIndex(b => new { b.PartnerId, b.Code });
        builder.HasIndex(b => new { b.CommunePcode, b.Sex });
        builder.HasIndex(b => b.PersonKey);
        builder.HasIndex(b => b.PhoneKey);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.Property(b => b.Code).HasMaxLength(20);
        builder.Property(b => b.PartnerId).HasMaxLength(100);
        builder.Property(b => b.Kind).HasMaxLength(20);
        builder.Property(b => b.Status).HasMaxLength(10);
        builder.Property(b => b.GivenName).HasMaxLength(100);
        builder.Property(b => b.FamilyName).HasMaxLength(100);
        builder.Property(b => b.GroupName).HasMaxLength(200);
        builder.Property(b => b.Phone).HasMaxLength(20);
        builder.Property(b => b.Sex).HasMaxLength(10);
        builder.Property(b => b.DisplacementStatus).HasMaxLength(20);
        builder.Property(b => b.Adm1Pcode).HasMaxLength(4);
        builder.Property(b => b.Adm2Pcode).HasMaxLength(6);
        builder.Property(b => b.CommunePcode).HasMaxLength(8);
        builder.Property(b => b.GazetteerVersion).HasMaxLength(40);
        builder.Property(b => b.PersonKey).HasMaxLength(64);
        builder.Property(b => b.PhoneKey).HasMaxLength(64);
        builder.Ignore(b => b.BirthYear);
        builder.OwnsOne(b => b.Members, members => members.Ignore(m => m.Total));
    }
}
