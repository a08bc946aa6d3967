using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.Duplicates;

public static class AgreementMatchingState
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Completed, Cancelled, Failed];

    public static readonly CodeList Codes = new("agreementMatchingState", ["state"],
        (Queued, "Queued"), (Running, "Running"), (Completed, "Completed"), (Cancelled, "Cancelled"), (Failed, "Failed"));
}

/// <summary>
/// The matching of the records two partners already held when their data-sharing agreement was
/// recorded (later registrations are matched as they come). <see cref="AgreementMatchingWorker"/>
/// runs it in batches taken in (partner, code) order; each batch commits its flags with the
/// position after it, so a restarted worker resumes there, and each commit checks
/// <see cref="LeaseToken"/>, so a worker that lost the job commits nothing more. Ending the
/// agreement cancels it.
/// </summary>
public sealed class AgreementMatching
{
    public Guid AgreementId { get; set; }
    public string FirstPartnerId { get; set; } = "";
    public string SecondPartnerId { get; set; } = "";

    /// <summary>Records registered up to the agreement are matched here; later ones were matched when registered.</summary>
    public DateTimeOffset RegisteredUpTo { get; set; }

    public string State { get; set; } = AgreementMatchingState.Queued;

    /// <summary>The two partners' records registered up to the agreement, whatever their status; counted when the work starts.</summary>
    public int? RecordsTotal { get; set; }

    public int RecordsDone { get; set; }

    /// <summary>The last record done: the next batch starts after it.</summary>
    public string? AfterPartnerId { get; set; }

    public string? AfterCode { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The fencing token of the worker that holds the job; null when none does.</summary>
    public Guid? LeaseToken { get; set; }

    /// <summary>Times a worker took the job since its last committed batch; one that keeps failing ends as failed.</summary>
    public int Attempts { get; set; }

    public static AgreementMatching Of(DataSharingAgreement agreement) => new()
    {
        AgreementId = agreement.Id,
        FirstPartnerId = agreement.FirstPartnerId,
        SecondPartnerId = agreement.SecondPartnerId,
        RegisteredUpTo = agreement.RecordedAt,
        QueuedAt = agreement.RecordedAt,
    };

    /// <summary>
    /// Once <paramref name="agreement"/> has ended (committed): stops its matching and removes the
    /// review items between the two partners' records that are not resolved yet (both records still
    /// active) — unless the two have recorded a new agreement since. The job's row is updated
    /// first: it waits for a batch in flight to commit, so none of that batch's flags outlive this.
    /// </summary>
    public static async Task StopAsync(BeneficiariesDbContext db, DataSharingAgreement agreement, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.AgreementMatchings
            .Where(m => m.AgreementId == agreement.Id && (m.State == AgreementMatchingState.Queued || m.State == AgreementMatchingState.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.State, AgreementMatchingState.Cancelled)
                .SetProperty(m => m.FinishedAt, now)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LeaseToken, (Guid?)null), cancellationToken);

        var (first, second) = (agreement.FirstPartnerId, agreement.SecondPartnerId);
        var records = db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]);
        await db.DuplicateFlags
            .Where(f => !db.DataSharingAgreements.Any(a => a.EndedAt == null && a.FirstPartnerId == first && a.SecondPartnerId == second)
                && records.Any(b => b.Id == f.BeneficiaryId && b.Status == BeneficiaryStatus.Active && (b.PartnerId == first || b.PartnerId == second)
                    && records.Any(m => m.Id == f.MatchedId && m.Status == BeneficiaryStatus.Active
                        && (m.PartnerId == first || m.PartnerId == second) && m.PartnerId != b.PartnerId)))
            .ExecuteDeleteAsync(cancellationToken);
    }
}

internal sealed class AgreementMatchingConfiguration : IEntityTypeConfiguration<AgreementMatching>
{
    public void Configure(EntityTypeBuilder<AgreementMatching> builder)
    {
        builder.ToTable("agreement_matchings");
        builder.HasKey(m => m.AgreementId);
        builder.Property(m => m.AgreementId).ValueGeneratedNever();
        builder.Property(m => m.FirstPartnerId).HasMaxLength(100);
        builder.Property(m => m.SecondPartnerId).HasMaxLength(100);
        builder.Property(m => m.State).HasMaxLength(20);
        builder.Property(m => m.AfterPartnerId).HasMaxLength(100);
        builder.Property(m => m.AfterCode).HasMaxLength(20);
        builder.Property(m => m.LeaseToken).IsConcurrencyToken();
        builder.HasOne<DataSharingAgreement>().WithOne().HasForeignKey<AgreementMatching>(m => m.AgreementId);
        builder.HasIndex(m => new { m.State, m.QueuedAt });
    }
}
