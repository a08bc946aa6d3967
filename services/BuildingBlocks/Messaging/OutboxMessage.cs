using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// An integration event waiting to be published, stored in the same transaction as the change
/// that raised it. Its id is the message id consumers de-duplicate on, so a republished row
/// takes effect once.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxErrorLength = 2000;

    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>W3C trace context of the request that raised the event, so the trace carries on through the broker.</summary>
    public string? TraceParent { get; private set; }

    /// <summary>The correlation id of the request (or message) that raised the event: the published message carries it, and its consumers log under it.</summary>
    public string? CorrelationId { get; private set; }

    public DateTimeOffset? SentAt { get; internal set; }

    /// <summary>Publishes that failed (the broker refused or did not confirm): retried with back-off, never a reason to park the row.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Times the row could not be read as a known event (an unknown type, a body that does not fit it): only these park it.</summary>
    public int ReadFailures { get; internal set; }

    public string? LastError { get; internal set; }

    /// <summary>Set when the row could not be read as a known event after the allowed attempts: it is kept for a person to look at (and re-drive), and blocks nothing.</summary>
    public DateTimeOffset? DeadAt { get; internal set; }

    /// <summary>The dispatcher batch that holds this row; with <see cref="LockedUntil"/> it keeps two dispatchers apart.</summary>
    public Guid? LockedBy { get; internal set; }

    /// <summary>End of the current lease, or of the back-off after a failed publish.</summary>
    public DateTimeOffset? LockedUntil { get; internal set; }

    /// <param name="occurredAt">When the change happened: the event's own time, so the row and the message agree.</param>
    public static OutboxMessage Create(object integrationEvent, DateTimeOffset occurredAt, Activity? activity) => new()
    {
        Id = Guid.CreateVersion7(occurredAt),
        MessageType = MessageTypes.NameOf(integrationEvent.GetType()),
        Body = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), JsonSerializerOptions.Web),
        OccurredAt = occurredAt,
        TraceParent = activity?.Id,
        CorrelationId = Microsoft.Extensions.Hosting.CorrelationId.ForStorage(Microsoft.Extensions.Hosting.CorrelationId.Current),
    };

    /// <summary>A publish failed: the row is tried again after <paramref name="retryAt"/>, however often that happens.</summary>
    internal void MarkFailed(string error, DateTimeOffset retryAt)
    {
        Attempts++;
        Release(error, retryAt);
    }

    /// <summary>The row could not be read as a known event; true when that happened <paramref name="maxReadFailures"/> times and it is now parked.</summary>
    internal bool MarkUnreadable(string error, DateTimeOffset retryAt, int maxReadFailures, DateTimeOffset now)
    {
        ReadFailures++;
        Release(error, retryAt);
        if (ReadFailures < maxReadFailures)
        {
            return false;
        }

        DeadAt = now;
        return true;
    }

    /// <summary>An administrator fixed what made the row unreadable: it goes out with the next round.</summary>
    internal void Redrive()
    {
        DeadAt = null;
        ReadFailures = 0;
        LockedBy = null;
        LockedUntil = null;
    }

    private void Release(string error, DateTimeOffset retryAt)
    {
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        LockedBy = null;
        LockedUntil = retryAt;
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageType).HasMaxLength(500).IsRequired();
        builder.Property(m => m.Body).IsRequired();
        builder.Property(m => m.TraceParent).HasMaxLength(128);
        builder.Property(m => m.CorrelationId).HasMaxLength(128);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.HasIndex(m => new { m.SentAt, m.OccurredAt });
        builder.HasIndex(m => m.DeadAt);
        builder.HasIndex(m => m.LockedBy);
    }
}
