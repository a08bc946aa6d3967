using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Grievances.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Projections.Programs;

/// <summary>
/// A program as Activities published it (<see cref="ProgramChanged"/>): its lead and the partners that
/// accepted to work in it. A case names its program, checked here, never by a call to Activities.
/// </summary>
public sealed class KnownProgram : IProjectedRow
{
    public Guid Id { get; set; }
    public string LeadPartnerId { get; set; } = "";
    public List<string> MemberPartnerIds { get; set; } = [];
    public long? SourceVersion { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>The lead, or a partner that accepted its invitation.</summary>
    public bool Includes(string? partnerId) => partnerId is not null && (LeadPartnerId == partnerId || MemberPartnerIds.Contains(partnerId));
}

public static class KnownPrograms
{
    /// <summary>
    /// 422 naming programId unless the program is known here and the partner leads it or is a member. An unknown
    /// program and another consortium's are answered alike, so the answer does not tell that a program exists.
    /// </summary>
    public static async Task<ProblemHttpResult?> RefuseUnlessMemberAsync(this DbSet<KnownProgram> programs, Guid programId, string partnerId, CancellationToken cancellationToken)
    {
        var program = await programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId, cancellationToken);
        return program?.Includes(partnerId) == true ? null : NotYoursProblem();
    }

    public static ProblemHttpResult NotYoursProblem() =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["programId"] = ["is not a program your organisation leads or is a member of."],
        })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Unknown program",
            Detail = "A case belongs to a program of your organisation. A program created (or a membership accepted) in Activities reaches Grievances within seconds.",
        });
}

/// <summary>Keeps the newest state of a program, whatever the order its events arrive in.</summary>
[InboxName("grievances-program-changed")]
public sealed class ProgramChangedConsumer(GrievancesDbContext db, Inbox<GrievancesDbContext> inbox)
    : IdempotentConsumer<ProgramChanged, GrievancesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(ProgramChanged message, CancellationToken cancellationToken)
    {
        var program = await Db.KnownPrograms.FindOrAddAsync(message.ProgramId, () => new KnownProgram { Id = message.ProgramId }, cancellationToken);

        if (program.TryAdvance(message.Version, message.OccurredAt))
        {
            program.LeadPartnerId = message.LeadPartnerId;
            program.MemberPartnerIds = [.. message.MemberPartnerIds];
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
