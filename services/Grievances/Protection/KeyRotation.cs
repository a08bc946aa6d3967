using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Protection;

public static class KeyRotationStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Running, Completed, Failed];
}

/// <summary>
/// One rotation of the survivor-data key and the re-encryption it started: the key made active,
/// and how far the re-encryption of the records under older keys has come. Stored with each
/// batch, so a restarted service carries on where the last batch ended.
/// </summary>
public sealed class KeyRotation
{
    public Guid Id { get; private set; }

    /// <summary>The key made active; every value ends encrypted under it.</summary>
    public string KeyId { get; private set; } = "";

    public string Status { get; private set; } = KeyRotationStatus.Running;

    /// <summary>Values under older keys when the rotation started.</summary>
    public int Total { get; private set; }

    /// <summary>Values re-encrypted so far.</summary>
    public int Done { get; private set; }

    /// <summary>Why the re-encryption stopped, when it failed (no survivor data, only the record and field).</summary>
    public string? Error { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public static KeyRotation Start(string keyId, int total, DateTimeOffset now) =>
        new() { Id = Guid.NewGuid(), KeyId = keyId, Total = total, StartedAt = now, UpdatedAt = now };

    public void Progress(int done, DateTimeOffset now)
    {
        Done += done;
        Total = Math.Max(Total, Done);
        UpdatedAt = now;
    }

    public void Complete(DateTimeOffset now)
    {
        Status = KeyRotationStatus.Completed;
        UpdatedAt = now;
        FinishedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        Status = KeyRotationStatus.Failed;
        Error = error.Length > 500 ? error[..500] : error;
        UpdatedAt = now;
        FinishedAt = now;
    }
}

internal sealed class KeyRotationConfiguration : IEntityTypeConfiguration<KeyRotation>
{
    public void Configure(EntityTypeBuilder<KeyRotation> builder)
    {
        builder.ToTable("key_rotations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.KeyId).HasMaxLength(64);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.Error).HasMaxLength(500);
        builder.HasIndex(r => r.StartedAt);
    }
}
