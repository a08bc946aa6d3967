using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.BulkUpload;

public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// One bulk upload: the uploaded file (kept only until it is processed, since it holds
/// personal data), its options, and its progress. Rows are committed in chunks together with
/// <see cref="ProcessedRows"/>, so a restarted worker resumes where the last commit ended and
/// no row is imported twice.
/// </summary>
public sealed class ImportJob : IPartnerOwned
{
    public Guid Id { get; set; }
    public string PartnerId { get; set; } = "";
    public string Status { get; set; } = ImportStatus.Queued;
    public string Format { get; set; } = "";
    public string ImportStrategy { get; set; } = "";
    public string ImportMode { get; set; } = "";
    public string AtomicMode { get; set; } = "";
    public byte[] Payload { get; set; } = [];
    public int TotalRows { get; set; }

    /// <summary>Valid rows committed so far, in file order.</summary>
    public int ProcessedRows { get; set; }

    public int Created { get; set; }
    public int Updated { get; set; }
    public int Ignored { get; set; }
    public int PossibleDuplicates { get; set; }

    /// <summary>The rejected rows as JSON (<see cref="ImportError"/>[]): row, field, code and message, no values.</summary>
    public string? ErrorsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.PartnerId).HasMaxLength(100);
        builder.Property(i => i.Status).HasMaxLength(20);
        builder.Property(i => i.Format).HasMaxLength(10);
        builder.Property(i => i.ImportStrategy).HasMaxLength(20);
        builder.Property(i => i.ImportMode).HasMaxLength(20);
        builder.Property(i => i.AtomicMode).HasMaxLength(20);
        builder.HasIndex(i => new { i.Status, i.CreatedAt });
    }
}
