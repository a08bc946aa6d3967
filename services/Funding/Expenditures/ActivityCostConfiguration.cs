using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Expenditures;

internal sealed class ActivityCostConfiguration : IEntityTypeConfiguration<ActivityCost>
{
    public void Configure(EntityTypeBuilder<ActivityCost> builder)
    {
        builder.ToTable("activity_costs");
        builder.HasKey(c => c.ActivityId);
        builder.Property(c => c.Revision).IsConcurrencyToken();
    }
}
