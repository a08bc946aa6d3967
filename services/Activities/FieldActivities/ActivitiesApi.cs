using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Projections.Grants;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.FieldActivities;

public sealed record ActivityListQuery(Guid? ProgramId, string? Status, string? Type, int? Page, int? PageSize);

/// <summary>
/// /api/v1/activities: what partners did. A member partner reports and reads its own activities;
/// the program's lead reads its members' activities too (each is shared with the lead); anyone
/// else gets 404. Only the implementing partner changes an activity.
/// </summary>
public static class ActivitiesApi
{
    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/activities").WithTags("Activities").Audited("activity");
        app.MapGroup("/api/v1/activities/attendance").WithTags("Activities").Audited("attendance")
            .MapImportsApi(AttendanceImports.KindName, "Attendance", Scopes.ActivitiesRead, Scopes.ActivitiesWrite);
        api.MapImportsApi(ActivityImports.KindName, "Activity", Scopes.ActivitiesRead, Scopes.ActivitiesWrite);
        api.MapPost("/", CreateAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateActivity")
            .WithSummary("Report a planned activity of a program the partner is a member of (422 naming budgetLineId for a line it may not charge)");
        api.MapGet("/", ListAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("ListActivities").WithSummary("The partner's activities (and, for a lead, its members'), filtered and paged");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("GetActivity").WithSummary("Read an activity");
        api.MapPut("/{id:guid}", UpdateAsync).RequireScope(Scopes.ActivitiesWrite).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateActivity").WithSummary("Change a planned or running activity, with If-Match");
        api.MapPost("/{id:guid}/start", StartAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("StartActivity").WithSummary("planned → in_progress, with If-Match");
        api.MapPost("/{id:guid}/complete", CompleteAsync).RequireScope(Scopes.ActivitiesWrite).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CompleteActivity").WithSummary("→ completed, with actual dates and cost, with If-Match; publishes ActivityCompleted");
        api.MapPost("/{id:guid}/cancel", CancelAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("CancelActivity").WithSummary("→ cancelled, with If-Match; publishes ActivityCancelled");
        api.MapPost("/{id:guid}/attendance", AddAttendanceAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("AddAttendance").WithSummary("Record named attendance: beneficiary ids known to Activities; an unknown id is a 422 naming it");
        api.MapGet("/{id:guid}/attendance", ListAttendanceAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("ListAttendance").WithSummary("The beneficiary ids recorded at an activity, paged");
        api.MapPut("/{id:guid}/reach", SetReachAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("SetAggregateReach").WithSummary("Replace an activity's aggregate reach counts by sex × age band × disability × displacement, with If-Match");
        return app;
    }

    public static async Task<Results<Created<ActivityResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ActivityRequest request, ActivitiesDbContext db, ICurrentPartner partner, MaliGazetteer gazetteer, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var program = request.ProgramId is { } programId ? await db.FindVisibleAsync(programId, cancellationToken) : null;
        if (request.ProgramId is not null && ActivityRules.Membership(program, partner.PartnerId) is { } notMember)
        {
            errors.Add(notMember.Field, notMember.Message);
        }
        else if (program is not null)
        {
            ActivityRules.Links(program, request, await FrameworkLinks.LoadAsync(db, [program.Id], [request], cancellationToken), gazetteer).AddTo(errors);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await BudgetLineRefusedAsync(db, program!.Id, partner.PartnerId!, request.BudgetLineId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var activity = ActivityRules.AddNew(db, program!, request, partner.PartnerId!, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ETags.Of(activity.Version);
        return TypedResults.Created($"/api/v1/activities/{activity.Id}", ActivityResponse.From(activity, 0, []));
    }

    public static async Task<Results<Ok<PagedResult<ActivityResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] ActivityListQuery query, ActivitiesDbContext db, CancellationToken cancellationToken)
    {
        var paging = new PageRequest(query.Page, query.PageSize);
        var errors = new ValidationErrors()
            .OneOf("status", query.Status, ActivityStatus.All, required: false)
            .OneOf("type", query.Type, ActivityTypes.All, required: false);
        paging.Validate(errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var activities = db.IncludingShared<FieldActivity>().AsNoTracking();
        if (query.ProgramId is { } programId) activities = activities.Where(a => a.ProgramId == programId);
        if (query.Status is { } status) activities = activities.Where(a => a.Status == status);
        if (query.Type is { } type) activities = activities.Where(a => a.Type == type);
        var page = await activities.OrderByDescending(a => a.PlannedStart).ThenBy(a => a.Id).ToPageAsync(paging, cancellationToken);
        var ids = page.Items.Select(a => a.Id).ToList();
        var attendance = await db.Attendance.Where(a => ids.Contains(a.ActivityId)).GroupBy(a => a.ActivityId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var reach = (await db.AggregateReach.AsNoTracking().Where(r => ids.Contains(r.ActivityId)).ToListAsync(cancellationToken)).ToLookup(r => r.ActivityId);
        return TypedResults.Ok(page.Map(a => ActivityResponse.From(a, attendance.GetValueOrDefault(a.Id), reach[a.Id])));
    }

    public static async Task<Results<Ok<ActivityResponse>, NotFound>> GetAsync(Guid id, ActivitiesDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var activity = await db.IncludingShared<FieldActivity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(activity.Version);
        return TypedResults.Ok(await ResponseAsync(db, activity, cancellationToken));
    }

    public static async Task<Results<Ok<ActivityResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ActivityRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ActivitiesDbContext db, ICurrentPartner partner, MaliGazetteer gazetteer, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (activity, refusal) = await FindForChangeAsync(db, id, ifMatch, partner, cancellationToken);
        if (activity is null)
        {
            return refusal is null ? TypedResults.NotFound() : refusal;
        }

        if (activity.Status is ActivityStatus.Completed or ActivityStatus.Cancelled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The activity is {activity.Status}",
                detail: "Only a planned or running activity can be changed.");
        }

        var errors = request.Validate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (request.ProgramId is { } programId && programId != activity.ProgramId)
        {
            errors.Add("programId", "an activity stays in its program.");
        }

        var program = await db.FindVisibleAsync(activity.ProgramId, cancellationToken);
        if (program is not null)
        {
            ActivityRules.Links(program, request, await FrameworkLinks.LoadAsync(db, [program.Id], [request], cancellationToken), gazetteer).AddTo(errors);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await BudgetLineRefusedAsync(db, activity.ProgramId, activity.PartnerId, request.BudgetLineId, cancellationToken) is { } refused)
        {
            return refused;
        }

        ActivityRules.Apply(activity, request);
        activity.Version++;
        return await SaveAsync(db, activity, http, cancellationToken);
    }

    public static async Task<Results<Ok<ActivityResponse>, NotFound, ValidationProblem, ProblemHttpResult>> StartAsync(
        Guid id, StartRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (activity, refusal) = await FindForChangeAsync(db, id, ifMatch, partner, cancellationToken);
        if (activity is null)
        {
            return refusal is null ? TypedResults.NotFound() : refusal;
        }

        if (request.ActualStart is null)
        {
            return new ValidationErrors().Add("actualStart", "is required.").ToProblem();
        }

        var dates = new ValidationErrors().Past("actualStart", request.ActualStart, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (!dates.IsValid)
        {
            return dates.ToProblem();
        }

        if (!activity.TryMove(ActivityStatus.InProgress, clock.GetUtcNow()))
        {
            return Refused(activity, ActivityStatus.InProgress);
        }

        activity.ActualStart = request.ActualStart;
        return await SaveAsync(db, activity, http, cancellationToken);
    }

    public static async Task<Results<Ok<ActivityResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        Guid id, CompleteRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (activity, refusal) = await FindForChangeAsync(db, id, ifMatch, partner, cancellationToken);
        if (activity is null)
        {
            return refusal is null ? TypedResults.NotFound() : refusal;
        }

        var now = clock.GetUtcNow();
        if (!ActivityStatus.CanMove(activity.Status, ActivityStatus.Completed))
        {
            return Refused(activity, ActivityStatus.Completed);
        }

        var errors = request.Validate(activity.ActualStart, DateOnly.FromDateTime(now.UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // The line may have been closed, or the partner taken off the grant, since the activity was planned.
        if (await BudgetLineRefusedAsync(db, activity.ProgramId, activity.PartnerId, activity.BudgetLineId, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await db.LockedPeriodOnAsync(activity.ProgramId, request.ActualEnd, cancellationToken) is { } locked)
        {
            return ProgramAccess.Locked(locked);
        }

        await ActivityRules.CompleteAsync(db, activity, request, now, cancellationToken);
        return await SaveAsync(db, activity, http, cancellationToken, inPeriodOn: request.ActualEnd);
    }

    public static async Task<Results<Ok<ActivityResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, [FromHeader(Name = "If-Match")] string? ifMatch,
        ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (activity, refusal) = await FindForChangeAsync(db, id, ifMatch, partner, cancellationToken);
        if (activity is null)
        {
            return refusal is null ? TypedResults.NotFound() : refusal;
        }

        var wasCompleted = activity.Status == ActivityStatus.Completed;
        if (wasCompleted && await db.LockedPeriodOnAsync(activity.ProgramId, activity.ActualEnd, cancellationToken) is { } locked)
        {
            return ProgramAccess.Locked(locked);
        }

        var now = clock.GetUtcNow();
        if (!activity.TryMove(ActivityStatus.Cancelled, now))
        {
            return Refused(activity, ActivityStatus.Cancelled);
        }

        if (wasCompleted)
        {
            await ReachedRecords.RemoveAsync(db, activity, cancellationToken);
        }

        db.AddIntegrationEvent(ActivityEvents.Cancelled(activity, wasCompleted, now));
        return await SaveAsync(db, activity, http, cancellationToken, inPeriodOn: wasCompleted ? activity.ActualEnd : null);
    }

    public static async Task<Results<Ok<AttendanceResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddAttendanceAsync(
        Guid id, AttendanceRequest request, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, PeriodWriteWindow window,
        CancellationToken cancellationToken)
    {
        var activity = await db.IncludingShared<FieldActivity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null) return TypedResults.NotFound();
        if (activity.PartnerId != partner.PartnerId) return ProgramAccess.OwnerOnly();
        var errors = request.Validate();
        if (!errors.IsValid) return errors.ToProblem();
        if (activity.Status == ActivityStatus.Cancelled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activity is cancelled", detail: "A cancelled activity takes no attendance.");
        }

        if (activity.Status == ActivityStatus.Completed && await db.LockedPeriodOnAsync(activity.ProgramId, activity.ActualEnd, cancellationToken) is { } locked)
        {
            return ProgramAccess.Locked(locked);
        }

        // Known means known to the partner: its own beneficiaries in the projection (merged and erased ones included).
        var ids = request.BeneficiaryIds!.Distinct().ToList();
        var known = await db.KnownBeneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken);
        var unknown = ids.Except(known).ToList();
        if (unknown.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown beneficiaries",
                detail: $"{unknown.Count} beneficiary id(s) are not known to Activities for your organisation: {string.Join(", ", unknown.Take(20))}" +
                        (unknown.Count > 20 ? " …" : "") + ". Register them in Beneficiaries first (a new registration reaches Activities within seconds).",
                extensions: new Dictionary<string, object?> { ["unknownBeneficiaryIds"] = unknown });
        }

        var recorded = await db.Attendance.Where(a => a.ActivityId == id && ids.Contains(a.BeneficiaryId)).Select(a => a.BeneficiaryId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var added = ids.Except(recorded).ToList();
        db.Attendance.AddRange(added.Select(b => new Attendance { ActivityId = id, BeneficiaryId = b, RecordedAt = now }));
        await ReachedRecords.AddAsync(db, activity, added, cancellationToken);
        if (await db.SaveUnlessLockedAsync(window, activity.ProgramId, activity.Status == ActivityStatus.Completed ? activity.ActualEnd : null, cancellationToken) is { } lockedSince)
        {
            return ProgramAccess.Locked(lockedSince);
        }

        var total = await db.Attendance.CountAsync(a => a.ActivityId == id, cancellationToken);
        return TypedResults.Ok(new AttendanceResponse(id, ids.Count - recorded.Count, recorded.Count, total));
    }

    public sealed record AttendeeResponse(Guid BeneficiaryId, DateTimeOffset RecordedAt);

    public static async Task<Results<Ok<PagedResult<AttendeeResponse>>, NotFound, ValidationProblem>> ListAttendanceAsync(
        Guid id, int? page, int? pageSize, ActivitiesDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid) return errors.ToProblem();
        if (!await db.IncludingShared<FieldActivity>().AnyAsync(a => a.Id == id, cancellationToken)) return TypedResults.NotFound();
        var result = await db.Attendance.AsNoTracking().Where(a => a.ActivityId == id).OrderBy(a => a.BeneficiaryId)
            .Select(a => new AttendeeResponse(a.BeneficiaryId, a.RecordedAt)).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<ActivityResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SetReachAsync(
        Guid id, ReachRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (activity, refusal) = await FindForChangeAsync(db, id, ifMatch, partner, cancellationToken);
        if (activity is null)
        {
            return refusal is null ? TypedResults.NotFound() : refusal;
        }

        var errors = request.Validate();
        if (!errors.IsValid) return errors.ToProblem();
        if (activity.Status == ActivityStatus.Cancelled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activity is cancelled", detail: "A cancelled activity has no reach.");
        }

        if (activity.Status == ActivityStatus.Completed && await db.LockedPeriodOnAsync(activity.ProgramId, activity.ActualEnd, cancellationToken) is { } locked)
        {
            return ProgramAccess.Locked(locked);
        }

        db.AggregateReach.RemoveRange(await db.AggregateReach.Where(r => r.ActivityId == id).ToListAsync(cancellationToken));
        db.AggregateReach.AddRange(ActivityRules.ReachOf(id, request.Cells!));
        activity.Version++;
        return await SaveAsync(db, activity, http, cancellationToken, inPeriodOn: activity.Status == ActivityStatus.Completed ? activity.ActualEnd : null);
    }

    /// <summary>The activity to change: 404 when the caller cannot see it, 403 for the lead (it reads but does not report), 428/412 for If-Match.</summary>
    private static async Task<(FieldActivity? Activity, ProblemHttpResult? Refusal)> FindForChangeAsync(
        ActivitiesDbContext db, Guid id, string? ifMatch, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        // Read with what is shared, so that the lead is told it may not change what it reads; changed through the own-rows set.
        var owner = await db.IncludingShared<FieldActivity>().Where(a => a.Id == id).Select(a => a.PartnerId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null) return (null, null);
        if (owner != partner.PartnerId) return (null, ProgramAccess.OwnerOnly());
        var activity = await db.FieldActivities.FirstAsync(a => a.Id == id, cancellationToken);
        return ConcurrentUpdate.Refusal(ifMatch, activity.Version, "activity") is { } precondition ? (null, precondition) : (activity, null);
    }

    /// <summary>Saves the change; one that touches a period's actuals (<paramref name="inPeriodOn"/>) is refused once the period is locked, even by a lock racing it.</summary>
    private static async Task<Results<Ok<ActivityResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(
        ActivitiesDbContext db, FieldActivity activity, HttpContext http, CancellationToken cancellationToken, DateOnly? inPeriodOn = null)
    {
        var window = http.RequestServices.GetRequiredService<PeriodWriteWindow>();
        var notSaved = await ConcurrentUpdate.SaveAsync(http, "activity", activity.Version, async () =>
            await db.SaveUnlessLockedAsync(window, activity.ProgramId, inPeriodOn, cancellationToken) is { } locked ? ProgramAccess.Locked(locked) : null);
        if (notSaved is not null)
        {
            return notSaved;
        }

        return TypedResults.Ok(await ResponseAsync(db, activity, cancellationToken));
    }

    /// <summary>A 422 naming budgetLineId when the line cannot take the activity's cost (<see cref="ActivityRules.BudgetLine"/>); null when it can, or none is named.</summary>
    private static async Task<ProblemHttpResult?> BudgetLineRefusedAsync(
        ActivitiesDbContext db, Guid programId, string partnerId, Guid? budgetLineId, CancellationToken cancellationToken)
    {
        if (budgetLineId is null
            || ActivityRules.BudgetLine(programId, partnerId, budgetLineId, await GrantLines.LoadAsync(db, [budgetLineId], cancellationToken)) is not { } refused)
        {
            return null;
        }

        return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [refused.Field] = [refused.Message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The budget line cannot take this activity's cost",
            Extensions = { ["code"] = refused.Code },
        });
    }

    private static ProblemHttpResult Refused(FieldActivity activity, string to) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"An activity cannot go from {activity.Status} to {to}",
            detail: ActivityStatus.NextOf(activity.Status) is { Count: > 0 } next
                ? $"From {activity.Status} it can go to: {string.Join(", ", next)}."
                : $"Nothing follows {activity.Status}.");

    private static async Task<ActivityResponse> ResponseAsync(ActivitiesDbContext db, FieldActivity activity, CancellationToken cancellationToken)
    {
        var attendance = await db.Attendance.CountAsync(a => a.ActivityId == activity.Id, cancellationToken);
        var reach = await db.AggregateReach.AsNoTracking().Where(r => r.ActivityId == activity.Id).ToListAsync(cancellationToken);
        return ActivityResponse.From(activity, attendance, reach);
    }
}
