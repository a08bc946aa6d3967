using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Expenditures;

internal sealed class UnbookedExpenditureConfiguration : IEntityTypeConfiguration<UnbookedExpenditure>
{
    public void Configure(EntityTypeBuilder<UnbookedExpenditure> builder)
    {
        builder.ToTable("unbooked_expenditures");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.ActivityPartnerId).HasMaxLength(100);
        builder.Property(u => u.Amount).HasPrecision(20, 2);
        builder.Property(u => u.Currency).HasMaxLength(10);
        builder.Property(u => u.Reason).HasConversion<string>().HasMaxLength(40);
        builder.Property(u => u.Status).HasMaxLength(20);
        builder.Property(u => u.DismissalReason).HasMaxLength(500);
        builder.Property(u => u.ResolvedBy).HasMaxLength(100);
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.Ignore(u => u.IsOpen);
        builder.Ignore(u => u.Charge);
        // One per activity: a completion redelivered after a failure cannot list it twice.
        builder.HasIndex(u => u.ActivityId).IsUnique();
        builder.HasIndex(u => new { u.GrantId, u.Status });
        builder.HasIndex(u => new { u.ProgramId, u.Status });
    }
}
