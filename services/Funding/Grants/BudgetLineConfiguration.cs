using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Grants;

internal sealed class BudgetLineConfiguration : IEntityTypeConfiguration<BudgetLine>
{
    public void Configure(EntityTypeBuilder<BudgetLine> builder)
    {
        builder.ToTable("budget_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Code).HasMaxLength(50);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.Kind).HasMaxLength(20);
        builder.Property(l => l.CostCategory).HasMaxLength(100);
        builder.Property(l => l.Amount).HasPrecision(20, 2);
        builder.Property(l => l.Currency).HasMaxLength(3);
        builder.Property(l => l.BudgetType).HasMaxLength(20);
        builder.Property(l => l.BudgetStatus).HasMaxLength(20);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Property(l => l.Bookings).IsConcurrencyToken();
        builder.HasIndex(l => l.GrantId);
    }
}
