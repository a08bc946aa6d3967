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
}
