using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Projections.Grants;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>A rule an activity breaks against its program: the field, a code for import summaries, and the message.</summary>
public sealed record RuleBreak(string Field, string Code, string Message);

/// <summary>The results and indicators, among those asked for, that belong to which program.</summary>
public sealed class FrameworkLinks(IReadOnlySet<(Guid ProgramId, Guid Id)> results, IReadOnlySet<(Guid ProgramId, Guid Id)> indicators)
{
    public bool HasResult(Guid programId, Guid resultId) => results.Contains((programId, resultId));

    public bool HasIndicator(Guid programId, Guid indicatorId) => indicators.Contains((programId, indicatorId));

    /// <summary>Reads, in two queries, which of the requests' results and indicators belong to which of <paramref name="programIds"/>.</summary>
    public static async Task<FrameworkLinks> LoadAsync(
        ActivitiesDbContext db, IReadOnlyCollection<Guid> programIds, IReadOnlyCollection<ActivityRequest> requests, CancellationToken cancellationToken)
    {
        var resultIds = requests.SelectMany(r => r.ResultIds ?? []).Distinct().ToList();
        var indicatorIds = requests.SelectMany(r => r.IndicatorIds ?? []).Distinct().ToList();
        var results = resultIds.Count == 0 ? [] : await db.Results.AsNoTracking()
            .Where(r => programIds.Contains(r.ProgramId) && resultIds.Contains(r.Id)).Select(r => new { r.ProgramId, r.Id }).ToListAsync(cancellationToken);
        var indicators = indicatorIds.Count == 0 ? [] : await db.Indicators.AsNoTracking()
            .Where(i => programIds.Contains(i.ProgramId) && indicatorIds.Contains(i.Id)).Select(i => new { i.ProgramId, i.Id }).ToListAsync(cancellationToken);
        return new FrameworkLinks(results.Select(r => (r.ProgramId, r.Id)).ToHashSet(), indicators.Select(i => (i.ProgramId, i.Id)).ToHashSet());
    }
}

/// <summary>
/// The rules of a new or changed activity that need its program: one copy, used by the single
/// create and update and by every row of an upload. The rules that need nothing but the request
/// are <see cref="ActivityRequest.Validate"/>.
/// </summary>
public static class ActivityRules
{
    /// <summary>Only a member of the program reports activities in it; a program the partner cannot see reads the same.</summary>
    public static RuleBreak? Membership(ActivityProgram? program, string? partnerId) =>
        program is null || !program.IsMember(partnerId)
            ? new RuleBreak("programId", "not_a_member", "is not a program your organisation is a member of.")
            : null;

    /// <summary>Results and indicators of the program only, and a place of the gazetteer within the program's areas.</summary>
    public static IEnumerable<RuleBreak> Links(ActivityProgram program, ActivityRequest request, FrameworkLinks links, MaliGazetteer gazetteer)
    {
        var resultIds = request.ResultIds ?? [];
        var indicatorIds = request.IndicatorIds ?? [];
        for (var i = 0; i < resultIds.Count; i++)
        {
            if (!links.HasResult(program.Id, resultIds[i])) yield return new RuleBreak($"resultIds[{i}]", "not_in_program", "is not a result of the program.");
        }

        for (var i = 0; i < indicatorIds.Count; i++)
        {
            if (!links.HasIndicator(program.Id, indicatorIds[i])) yield return new RuleBreak($"indicatorIds[{i}]", "not_in_program", "is not an indicator of the program.");
        }

        if (request.CommunePcode is { } place && Codes.Pcode().IsMatch(place) && !gazetteer.TryFind(place, out _))
        {
            yield return new RuleBreak("communePcode", "unknown_place", $"is not a P-code of the gazetteer {gazetteer.Version}.");
        }
        else if (request.CommunePcode is { } commune && Codes.Pcode().IsMatch(commune) && !program.Covers(commune))
        {
            yield return new RuleBreak("communePcode", "outside_program_area", "is outside the program's areas.");
        }
    }

    /// <summary>
    /// A budget line Funding announced (<see cref="GrantLines"/>), of a grant of the activity's
    /// program, open, and one the partner may charge (the grant's recipient or a sub-recipient):
    /// a cost that could never be booked is refused here rather than found missing later.
    /// </summary>
    public static RuleBreak? BudgetLine(Guid programId, string partnerId, Guid? budgetLineId, GrantLines lines) =>
        budgetLineId is not { } lineId ? null : lines.Refusal(lineId, programId, partnerId) switch
        {
            null => null,
            BudgetLineRefusal.Unknown => new RuleBreak("budgetLineId", "unknown_budget_line", "is not a budget line of any grant Funding has announced."),
            BudgetLineRefusal.OtherProgram => new RuleBreak("budgetLineId", "other_program", "is a line of a grant of another program."),
            BudgetLineRefusal.Closed => new RuleBreak("budgetLineId", "budget_line_closed", "is a closed budget line."),
            _ => new RuleBreak("budgetLineId", "may_not_charge", "is a line of a grant your organisation neither receives nor sub-receives."),
        };

    public static ValidationErrors AddTo(this IEnumerable<RuleBreak> breaks, ValidationErrors errors)
    {
        foreach (var rule in breaks)
        {
            errors.Add(rule.Field, rule.Message);
        }

        return errors;
    }

    /// <summary>A new planned activity of <paramref name="partnerId"/>, added with its share to the program's lead when the partner is not the lead.</summary>
    public static FieldActivity AddNew(ActivitiesDbContext db, ActivityProgram program, ActivityRequest request, string partnerId, DateTimeOffset now)
    {
        var activity = new FieldActivity { Id = Guid.CreateVersion7(now), ProgramId = program.Id, PartnerId = partnerId, CreatedAt = now, Version = 1 };
        Apply(activity, request);
        db.FieldActivities.Add(activity);
        if (!program.IsLead(partnerId))
        {
            db.Share(activity, program.PartnerId, now);
        }

        return activity;
    }

    /// <summary>
    /// Completes <paramref name="activity"/> with its actual dates and cost, in the caller's unit of
    /// work, once the caller has checked the move (<see cref="ActivityStatus.CanMove"/>), the request
    /// (<see cref="CompleteRequest.Validate"/>) and the period lock: its attendance counts in reach
    /// and ActivityCompleted goes out through the outbox. One copy, for the single complete and for
    /// a completed row of an upload.
    /// </summary>
    public static async Task CompleteAsync(ActivitiesDbContext db, FieldActivity activity, CompleteRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        activity.ActualStart = request.ActualStart ?? activity.ActualStart;
        activity.ActualEnd = request.ActualEnd;
        activity.ActualCost = request.ActualCost?.ToMoney();
        activity.TryMove(ActivityStatus.Completed, now);
        // An activity not saved yet (an upload's completed row) has no attendance to read.
        var attendees = db.Entry(activity).State == EntityState.Added
            ? []
            : await db.Attendance.AsNoTracking().Where(a => a.ActivityId == activity.Id).Select(a => a.BeneficiaryId).ToListAsync(cancellationToken);
        await ReachedRecords.AddAsync(db, activity, attendees, cancellationToken);
        db.AddIntegrationEvent(await ActivityEvents.CompletedAsync(db, activity, now, cancellationToken));
    }

    /// <summary>The aggregate reach rows of valid <paramref name="cells"/> (see <see cref="ReachRequest.Validate"/>); a count of 0 is no row.</summary>
    public static IEnumerable<AggregateReach> ReachOf(Guid activityId, IEnumerable<ReachCellRequest> cells) =>
        cells.Where(c => c.Count > 0).Select(c => new AggregateReach
        {
            ActivityId = activityId, Sex = c.Sex!, AgeBand = c.AgeBand!, Disability = c.DisabilityOrDefault,
            DisplacementStatus = c.DisplacementOrDefault, Count = c.Count!.Value,
        });

    public static void Apply(FieldActivity activity, ActivityRequest request)
    {
        activity.Title = request.Title!;
        activity.Type = request.Type!;
        activity.ResultIds = [.. (request.ResultIds ?? []).Distinct()];
        activity.IndicatorIds = [.. (request.IndicatorIds ?? []).Distinct()];
        activity.CommunePcode = request.CommunePcode!;
        activity.PlannedStart = request.PlannedStart!.Value;
        activity.PlannedEnd = request.PlannedEnd!.Value;
        activity.PlannedCost = request.PlannedCost?.ToMoney();
        activity.BudgetLineId = request.BudgetLineId;
    }
}
