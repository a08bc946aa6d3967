using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Frameworks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Programs;

/// <summary>
/// Who may do what with a program. A program is found only by its lead and its members (the
/// ownership filter and the program's shares): anyone else gets a 404, as if it did not exist.
/// </summary>
public static class ProgramAccess
{
    public static Task<ActivityProgram?> FindVisibleAsync(this ActivitiesDbContext db, Guid id, CancellationToken cancellationToken, bool tracking = false)
    {
        // Members read the program through its shares; only the lead's own row can be changed (tracking is for the lead's updates).
        var programs = (tracking ? db.Programs : db.IncludingShared<ActivityProgram>()).Include(p => p.Members).AsQueryable();
        return (tracking ? programs : programs.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    public static ProblemHttpResult LeadOnly() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the program's lead can do this",
            detail: "The lead partner of the consortium manages the program, its results framework and its periods.");

    public static ProblemHttpResult OwnerOnly() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the implementing partner can change this activity",
            detail: "The program's lead reads its members' activities but does not report them.");

    /// <summary>409 naming the lock: the period, its dates, who locked it and when.</summary>
    public static ProblemHttpResult Locked(ReportingPeriod period) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The period {period.Label} is locked",
            detail: $"Period {period.Label} ({period.StartDate:yyyy-MM-dd} to {period.EndDate:yyyy-MM-dd}) was locked by {period.LockedBy} " +
                    $"on {period.LockedAt:yyyy-MM-dd}: its actuals no longer change.",
            extensions: new Dictionary<string, object?> { ["periodId"] = period.Id, ["periodLabel"] = period.Label, ["lockedAt"] = period.LockedAt });

    /// <summary>The locked period of the program that covers <paramref name="date"/>, if any.</summary>
    public static async Task<ReportingPeriod?> LockedPeriodOnAsync(this ActivitiesDbContext db, Guid programId, DateOnly? date, CancellationToken cancellationToken)
    {
        if (date is not { } day)
        {
            return null;
        }

        var periods = await db.Periods.AsNoTracking()
            .Where(p => p.ProgramId == programId && p.LockedAt != null && p.StartDate <= day && p.EndDate >= day)
            .ToListAsync(cancellationToken);
        return PeriodLocks.LockedOn(periods, day);
    }

    /// <summary>
    /// Saves a write into the program's period that covers <paramref name="date"/>, in one transaction with
    /// <see cref="ClaimPeriodOnAsync"/>: answers the locked period (and saves nothing) or null once saved.
    /// Without a date the write falls in no period and is saved as it is.
    /// </summary>
    public static async Task<ReportingPeriod?> SaveUnlessLockedAsync(
        this ActivitiesDbContext db, PeriodWriteWindow window, Guid programId, DateOnly? date, CancellationToken cancellationToken)
    {
        if (date is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        // Retried whole on a transient failure: the changes stay pending in the tracker until the commit.
        var locked = await db.Database.CreateExecutionStrategy().ExecuteAsync<ReportingPeriod?>(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.ClaimPeriodOnAsync(programId, date, cancellationToken) is { } lockedPeriod)
            {
                return lockedPeriod;
            }

            await window.BeforeCommitAsync(cancellationToken);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        });
        if (locked is null)
        {
            db.ChangeTracker.AcceptAllChanges();
        }

        return locked;
    }

    /// <summary>
    /// The locked period that covers <paramref name="date"/>, read with a shared row lock on the program's periods that
    /// cover it, held until the write's transaction ends. A lock committed first is seen here; a lock asked for later
    /// waits for the write's commit; writes into the same period do not wait for each other.
    /// </summary>
    public static async Task<ReportingPeriod?> ClaimPeriodOnAsync(this ActivitiesDbContext db, Guid programId, DateOnly? date, CancellationToken cancellationToken)
    {
        if (date is not { } day)
        {
            return null;
        }

        // Fail closed: outside a transaction the row locks would be gone before the write.
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A period is claimed only inside the transaction of the write into it.");
        }

        // The only SQL written by hand for a lock, one statement per provider. PostgreSQL's FOR SHARE waits for a
        // lock's update to commit and then reads the locked row; SQL Server's HOLDLOCK keeps the shared locks to the commit.
        var periods = db is SqlServerActivitiesDbContext
            ? db.Periods.FromSql($"""SELECT * FROM "reporting_periods" WITH (HOLDLOCK, ROWLOCK) WHERE "ProgramId" = {programId} AND "StartDate" <= {day} AND "EndDate" >= {day}""")
            : db.Periods.FromSql($"""SELECT * FROM "reporting_periods" WHERE "ProgramId" = {programId} AND "StartDate" <= {day} AND "EndDate" >= {day} FOR SHARE""");
        return PeriodLocks.LockedOn(await periods.AsNoTracking().ToListAsync(cancellationToken), day);
    }
}

/// <summary>
/// The moment between a write's period claim and its commit. Nothing happens there in production; tests hold writes
/// there to race them against a lock.
/// </summary>
public class PeriodWriteWindow
{
    public virtual Task BeforeCommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
