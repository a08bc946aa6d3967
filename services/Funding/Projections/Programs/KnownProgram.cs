using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Funding.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Projections.Programs;

/// <summary>
/// A program as Activities published it (<see cref="ProgramChanged"/>): its lead, the partners that accepted
/// to work in it and its results. A grant names its program and a budget line its result, checked here,
/// never by a call to Activities.
/// </summary>
public sealed class KnownProgram : IProjectedRow
{
    public Guid Id { get; set; }
    public string LeadPartnerId { get; set; } = "";
    public List<string> MemberPartnerIds { get; set; } = [];
    public List<Guid> ResultIds { get; set; } = [];
    public long? SourceVersion { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>The lead, or a partner that accepted its invitation.</summary>
    public bool Includes(string? partnerId) => partnerId is not null && (LeadPartnerId == partnerId || MemberPartnerIds.Contains(partnerId));
}

public static class KnownPrograms
{
    /// <summary>
    /// The problems of a grant's program: unknown here, or its recipient neither leads it nor is a member (one answer
    /// for both, so it does not tell that another consortium's program exists), or the lead named is not its lead.
    /// </summary>
    public static async Task<Dictionary<string, string[]>> GrantProblemsAsync(
        this DbSet<KnownProgram> programs, Guid programId, string recipientPartnerId, string leadPartnerId, CancellationToken cancellationToken)
    {
        var program = await programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId, cancellationToken);
        if (program?.Includes(recipientPartnerId) != true)
        {
            return new() { ["programId"] = ["is not a program the recipient leads or is a member of (a new program or membership reaches Funding within seconds)."] };
        }

        return program.LeadPartnerId == leadPartnerId ? [] : new() { ["programLeadPartnerId"] = ["is not the lead of this program."] };
    }

    /// <summary>Whether <paramref name="resultId"/> is a result of the program, as Funding last heard of it.</summary>
    public static Task<bool> HasResultAsync(this DbSet<KnownProgram> programs, Guid programId, Guid resultId, CancellationToken cancellationToken) =>
        programs.AsNoTracking().Where(p => p.Id == programId).AnyAsync(p => p.ResultIds.Contains(resultId), cancellationToken);

    /// <summary>422 naming the fields that reference what Funding does not know (yet).</summary>
    public static ProblemHttpResult UnknownReference(Dictionary<string, string[]> problems) =>
        TypedResults.Problem(new HttpValidationProblemDetails(problems)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Unknown reference",
            Detail = "The request names a program or result that Funding does not know as yours; Activities' changes reach Funding within seconds.",
        });
}

/// <summary>Keeps the newest state of a program, whatever the order its events arrive in.</summary>
[InboxName("funding-program-changed")]
public sealed class ProgramChangedConsumer(FundingDbContext db, Inbox<FundingDbContext> inbox)
    : IdempotentConsumer<ProgramChanged, FundingDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(ProgramChanged message, CancellationToken cancellationToken)
    {
        var program = await Db.KnownPrograms.FindOrAddAsync(message.ProgramId, () => new KnownProgram { Id = message.ProgramId }, cancellationToken);

        if (program.TryAdvance(message.Version, message.OccurredAt))
        {
            program.LeadPartnerId = message.LeadPartnerId;
            program.MemberPartnerIds = [.. message.MemberPartnerIds];
            program.ResultIds = [.. message.ResultIds];
        }
    }
}

internal sealed class KnownProgramConfiguration : IEntityTypeConfiguration<KnownProgram>
{
    public void Configure(EntityTypeBuilder<KnownProgram> builder)
    {
        builder.ToTable("known_programs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.LeadPartnerId).HasMaxLength(100);
        builder.IsProjectedRow();
    }
}
