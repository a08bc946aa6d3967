using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Rates;

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.ToTable("exchange_rates");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Base).HasMaxLength(3);
        builder.Property(r => r.Quote).HasMaxLength(3);
        builder.Property(r => r.Rate).HasPrecision(28, 12);
        builder.Property(r => r.Source).HasMaxLength(200);
        builder.Property(r => r.EnteredBy).HasMaxLength(100);
        builder.HasIndex(r => new { r.Base, r.Quote, r.EffectiveDate }).IsUnique();
    }
}
