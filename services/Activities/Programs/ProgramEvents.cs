using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Contracts.Activities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Programs;

/// <summary>
/// Counts a program's published changes (<see cref="ProgramChanged.Version"/>). Its own row, not the
/// program's: a member accepting an invitation changes what is published but may not write the lead's
/// program. A concurrency token, so two changes at once cannot publish two states with one version.
/// </summary>
public sealed class ProgramRevision
{
    public Guid ProgramId { get; set; }
    public long Revision { get; set; }
}

internal sealed class ProgramRevisionConfiguration : IEntityTypeConfiguration<ProgramRevision>
{
    public void Configure(EntityTypeBuilder<ProgramRevision> builder)
    {
        builder.ToTable("program_revisions");
        builder.HasKey(r => r.ProgramId);
        builder.Property(r => r.ProgramId).ValueGeneratedNever();
        builder.Property(r => r.Revision).IsConcurrencyToken();
    }
}

/// <summary>Publishes a program's state, through the outbox, in the unit of work that changed it.</summary>
public static class ProgramEvents
{
    /// <summary>
    /// Queues <see cref="ProgramChanged"/> with the program's lead, accepted members and results as this
    /// unit of work leaves them (pending additions and removals included). Call it after the change, before SaveChanges.
    /// </summary>
    public static async Task AddProgramChangedAsync(this ActivitiesDbContext db, Guid programId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var revision = await db.ProgramRevisions.FindAsync([programId], cancellationToken);
        if (revision is null)
        {
            revision = new ProgramRevision { ProgramId = programId };
            db.ProgramRevisions.Add(revision);
        }

        revision.Revision++;

        var lead = db.ChangeTracker.Entries<ActivityProgram>().FirstOrDefault(e => e.Entity.Id == programId)?.Entity.PartnerId
                   ?? await db.Programs.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).Where(p => p.Id == programId)
                       .Select(p => p.PartnerId).FirstAsync(cancellationToken);
        var members = await Pending(db, db.ProgramMembers.Where(m => m.ProgramId == programId), m => m.ProgramId == programId, m => m.PartnerId, cancellationToken);
        var results = await Pending(db, db.Results.Where(r => r.ProgramId == programId), r => r.ProgramId == programId, r => r.Id, cancellationToken);
        db.AddIntegrationEvent(new ProgramChanged(
            programId,
            lead,
            members.Where(m => m.Status == MemberStatus.Accepted && m.PartnerId != lead).Select(m => m.PartnerId).Order(StringComparer.Ordinal).ToList(),
            results.Select(r => r.Id).Order().ToList(),
            now,
            revision.Revision));
    }

    /// <summary>409 when another change of the program was published meanwhile: the caller tries again.</summary>
    public static ProblemHttpResult ChangedMeanwhile() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The program changed meanwhile",
            detail: "Another change of the program was saved at the same moment; send the request again.");

    /// <summary>The saved rows with this unit of work's pending changes applied: added ones in, deleted ones out, modified ones as they now are.</summary>
    private static async Task<List<T>> Pending<T, TKey>(
        ActivitiesDbContext db, IQueryable<T> saved, Func<T, bool> belongs, Func<T, TKey> key, CancellationToken cancellationToken)
        where T : class
        where TKey : notnull
    {
        var rows = (await saved.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(key);
        foreach (var entry in db.ChangeTracker.Entries<T>().Where(e => belongs(e.Entity)))
        {
            if (entry.State == EntityState.Deleted)
            {
                rows.Remove(key(entry.Entity));
            }
            else
            {
                rows[key(entry.Entity)] = entry.Entity;
            }
        }

        return [.. rows.Values];
    }
}

/// <summary>
/// Publishes, once, the programs created before programs were published (those without a revision), so that the
/// other services' projections know them. Runs at start-up, after the database migrator; another instance doing the
/// same at once makes one of the two commits fail on the revision's key, and that one stops: the other published them.
/// </summary>
internal sealed class UnpublishedProgramsAnnouncer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UnpublishedProgramsAnnouncer> logger) : IHostedService
{
    private const int Batch = 200;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var announced = 0;
        try
        {
            while (true)
            {
                await using var scope = scopes.CreateSystemScope();
                var db = scope.ServiceProvider.GetRequiredService<ActivitiesDbContext>();
                var unpublished = await db.Programs.Where(p => !db.ProgramRevisions.Any(r => r.ProgramId == p.Id))
                    .OrderBy(p => p.Id).Select(p => p.Id).Take(Batch).ToListAsync(cancellationToken);
                if (unpublished.Count == 0)
                {
                    break;
                }

                foreach (var programId in unpublished)
                {
                    await db.AddProgramChangedAsync(programId, clock.GetUtcNow(), cancellationToken);
                }

                await db.SaveChangesAsync(cancellationToken);
                announced += unpublished.Count;
            }
        }
        catch (DbUpdateException)
        {
            logger.LogInformation("Another instance is publishing the programs created before programs were published");
        }

        if (announced > 0)
        {
            logger.LogInformation("Published {Count} programs created before programs were published", announced);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
