using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>A message a consumer has already applied; saved in the same transaction as its effect.</summary>
public sealed class InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
{
    public Guid MessageId { get; private set; } = messageId;
    public string Consumer { get; private set; } = consumer;
    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable("inbox_messages");
        builder.HasKey(m => new { m.MessageId, m.Consumer });
        builder.Property(m => m.Consumer).HasMaxLength(200);
        builder.HasIndex(m => m.ProcessedAt);
    }
}
