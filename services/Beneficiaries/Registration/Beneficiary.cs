using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.Registration;

/// <summary>A person or group a program serves. Names, birth date and phone are personal data.</summary>
public sealed class Beneficiary : IPartnerOwned
{
    private Beneficiary()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Human-readable code, safe to print on lists and cards (BEN-XXXXXXXX).</summary>
    public string Code { get; private set; } = "";

    public string PartnerId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string GivenName { get; private set; } = "";
    public string FamilyName { get; private set; } = "";
    public string Sex { get; private set; } = "";
    public DateOnly? BirthDate { get; private set; }
    public string DisplacementStatus { get; private set; } = "";
    public string CommunePcode { get; private set; } = "";
    public bool ConsentGiven { get; private set; }
    public DateOnly? ConsentDate { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }

    public static Beneficiary Register(string partnerId, RegisterBeneficiaryRequest request, DateTimeOffset now)
    {
        var id = Guid.NewGuid();
        return new Beneficiary
        {
            Id = id,
            Code = "BEN-" + id.ToString("N")[..8].ToUpperInvariant(),
            PartnerId = partnerId,
            Kind = request.Kind ?? "individual",
            GivenName = request.GivenName!.Trim(),
            FamilyName = request.FamilyName!.Trim(),
            Sex = request.Sex!,
            BirthDate = request.BirthDate,
            DisplacementStatus = request.DisplacementStatus!,
            CommunePcode = request.CommunePcode!,
            ConsentGiven = request.Consent!.Given,
            ConsentDate = request.Consent.Date,
            RegisteredAt = now,
        };
    }
}

internal sealed class BeneficiaryConfiguration : IEntityTypeConfiguration<Beneficiary>
{
    public void Configure(EntityTypeBuilder<Beneficiary> builder)
    {
        builder.ToTable("beneficiaries");
        builder.HasKey(b => b.Id);
        builder.HasIndex(b => b.Code).IsUnique();
        builder.HasIndex(b => b.PartnerId);
        builder.Property(b => b.Code).HasMaxLength(20);
        builder.Property(b => b.PartnerId).HasMaxLength(100);
        builder.Property(b => b.Kind).HasMaxLength(20);
        builder.Property(b => b.GivenName).HasMaxLength(100);
        builder.Property(b => b.FamilyName).HasMaxLength(100);
        builder.Property(b => b.Sex).HasMaxLength(10);
        builder.Property(b => b.DisplacementStatus).HasMaxLength(20);
        builder.Property(b => b.CommunePcode).HasMaxLength(8);
    }
}
