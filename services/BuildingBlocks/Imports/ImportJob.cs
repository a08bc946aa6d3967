using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Imports;

public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Completed, Failed, Cancelled];

    /// <summary>The summary's status, as DHIS2 names it.</summary>
    public static readonly IReadOnlyList<string> SummaryStatuses = ["OK", "WARNING", "ERROR"];

    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled;
}

/// <summary>
/// One bulk upload: the uploaded file (kept only until the import ends, since it holds personal
/// data), its options, and its progress. Rows are committed in chunks together with
/// <see cref="ResumeAfterRow"/>, so a restarted worker resumes where the last commit ended; each
/// commit also checks <see cref="LeaseToken"/>, so a worker that lost the job commits nothing more.
/// </summary>
public sealed class ImportJob : IPartnerOwned
{
    public const int MaxStoredErrors = 1000;

    public Guid Id { get; set; }
    public string PartnerId { get; set; } = "";

    /// <summary>What the rows are (beneficiaries, activities, attendance …): which handler reads them.</summary>
    public string Kind { get; set; } = "";

    public string Status { get; set; } = ImportStatus.Queued;
    public string Format { get; set; } = "";
    public string ImportStrategy { get; set; } = "";
    public string ImportMode { get; set; } = "";
    public string AtomicMode { get; set; } = "";
    public byte[] Payload { get; set; } = [];
    public int TotalRows { get; set; }

    /// <summary>Valid rows committed (or refused by the database) so far, in file order.</summary>
    public int ProcessedRows { get; set; }

    /// <summary>
    /// The file's own number (<see cref="IImportRow.Row"/>) of the last row the committed chunks
    /// covered: a restarted worker resumes after it. Counting valid rows instead would shift
    /// whenever a row's validity changed between two runs.
    /// </summary>
    public int ResumeAfterRow { get; set; }

    /// <summary>
    /// The day the rows are checked against ("not in the future"), fixed when a worker first starts
    /// the job: a restart after midnight checks every row as the first run did.
    /// </summary>
    public DateOnly? Today { get; set; }

    public int Created { get; set; }
    public int Updated { get; set; }
    public int Ignored { get; set; }

    /// <summary>Rows imported with a flag for the partner to review (for beneficiaries: possible duplicates).</summary>
    public int Flagged { get; set; }

    /// <summary>The first <see cref="MaxStoredErrors"/> rejected rows as JSON (<see cref="ImportError"/>[]): row, field, code and message, no values.</summary>
    public string? ErrorsJson { get; set; }

    /// <summary>How many errors of each code the whole file had, as JSON ({"invalid_value": 12, …}).</summary>
    public string? ErrorCountsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The fencing token of the worker that holds the job; null when none does.</summary>
    public Guid? LeaseToken { get; set; }

    /// <summary>Times a worker took the job; one that keeps failing ends as failed.</summary>
    public int Attempts { get; set; }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.PartnerId).HasMaxLength(100);
        builder.Property(i => i.Kind).HasMaxLength(40);
        builder.Property(i => i.Status).HasMaxLength(20);
        builder.Property(i => i.Format).HasMaxLength(10);
        builder.Property(i => i.ImportStrategy).HasMaxLength(20);
        builder.Property(i => i.ImportMode).HasMaxLength(20);
        builder.Property(i => i.AtomicMode).HasMaxLength(20);
        builder.Property(i => i.LeaseToken).IsConcurrencyToken();
        builder.HasIndex(i => new { i.Status, i.CreatedAt });
    }
}
