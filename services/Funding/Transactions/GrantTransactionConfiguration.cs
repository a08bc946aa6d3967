using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Transactions;

internal sealed class GrantTransactionConfiguration : IEntityTypeConfiguration<GrantTransaction>
{
    public void Configure(EntityTypeBuilder<GrantTransaction> builder)
    {
        builder.ToTable("transactions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Type).HasMaxLength(30);
        builder.Property(t => t.Amount).HasPrecision(20, 2);
        builder.Property(t => t.Currency).HasMaxLength(3);
        builder.Property(t => t.ProviderName).HasMaxLength(200);
        builder.Property(t => t.ProviderIatiIdentifier).HasMaxLength(100);
        builder.Property(t => t.ReceiverName).HasMaxLength(200);
        builder.Property(t => t.ReceiverIatiIdentifier).HasMaxLength(100);
        builder.Ignore(t => t.IatiTypeCode);
        builder.HasIndex(t => t.GrantId);
        builder.HasIndex(t => t.BudgetLineId);
        builder.HasIndex(t => t.ActivityId);
        builder.Property(t => t.BookingKey).HasMaxLength(100);
        builder.HasIndex(t => t.BookingKey).IsUnique();
    }
}
