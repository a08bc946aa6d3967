using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Frameworks;

/// <summary>
/// A program's results framework (IATI 2.03): objectives → results → indicators with baselines
/// and targets per period. The lead builds it and locks periods; every member reads it.
/// </summary>
public static class FrameworkApi
{
    public static RouteGroupBuilder MapFrameworkApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/framework", GetAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("GetFramework").WithSummary("The program's results framework and reporting periods");
        api.MapPost("/{id:guid}/objectives", AddObjectiveAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("CreateObjective").WithSummary("Add an objective (lead only)");
        api.MapPost("/{id:guid}/results", AddResultAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("CreateResult").WithSummary("Add a result under an objective (lead only)");
        api.MapPost("/{id:guid}/periods", AddPeriodAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("CreatePeriod").WithSummary("Add a reporting period (lead only)");
        api.MapPost("/{id:guid}/indicators", AddIndicatorAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("CreateIndicator").WithSummary("Add an indicator under a result, with its baseline and targets (lead only)");
        api.MapPost("/{id:guid}/periods/{periodId:guid}/lock", LockPeriodAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("LockPeriod").WithSummary("Lock a period (lead only): its actuals no longer change");
        api.MapPost("/{id:guid}/indicators/{indicatorId:guid}/values", AddManualValueAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("CreateManualValue").WithSummary("Enter an indicator's value by hand, with a comment (manual indicators); a member's counts once the lead accepts it, and may not replace the lead's (409)");
        api.MapGet("/{id:guid}/values", ListManualValuesAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("ListManualValues").WithSummary("Values entered by hand in the program, newest first, paged; ?status=pending lists those waiting for the lead");
        api.MapPost("/{id:guid}/values/{valueId:guid}/accept", AcceptManualValueAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("AcceptManualValue").WithSummary("Accept a member's value entered by hand (lead only): it then counts in progress");
        api.MapPost("/{id:guid}/values/{valueId:guid}/reject", RejectManualValueAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("RejectManualValue").WithSummary("Reject a member's value entered by hand (lead only): it never counts");
        return api;
    }

    public static async Task<Results<Ok<FrameworkResponse>, NotFound>> GetAsync(Guid id, ActivitiesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var periods = await db.Periods.AsNoTracking().Where(p => p.ProgramId == id).OrderBy(p => p.StartDate).ToListAsync(cancellationToken);
        var objectives = await db.Objectives.AsNoTracking().Where(o => o.ProgramId == id).OrderBy(o => o.Code).ToListAsync(cancellationToken);
        var results = await db.Results.AsNoTracking().Where(r => r.ProgramId == id).OrderBy(r => r.Code).ToListAsync(cancellationToken);
        var indicators = await db.Indicators.AsNoTracking().Include(i => i.Targets).Where(i => i.ProgramId == id).OrderBy(i => i.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(new FrameworkResponse(id, periods.Select(PeriodResponse.From).ToList(),
            objectives.Select(o => new ObjectiveResponse(o.Id, o.Code, o.Title, o.Kind,
                results.Where(r => r.ObjectiveId == o.Id).Select(r => new ResultResponse(r.Id, r.ObjectiveId, r.Code, r.Title, r.Type,
                    indicators.Where(i => i.ResultId == r.Id).Select(IndicatorResponse.From).ToList())).ToList())).ToList()));
    }

    public static async Task<Results<Created<ObjectiveResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddObjectiveAsync(
        Guid id, ObjectiveRequest request, ActivitiesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program) return TypedResults.NotFound();
        if (!program.IsLead(partner.PartnerId)) return ProgramAccess.LeadOnly();
        var errors = request.Validate();
        if (errors.IsValid && await db.Objectives.AnyAsync(o => o.ProgramId == id && o.Code == request.Code, cancellationToken))
        {
            errors.Add("code", "is already used by another objective of the program.");
        }

        if (!errors.IsValid) return errors.ToProblem();
        var objective = new Objective { Id = Guid.CreateVersion7(), ProgramId = id, Code = request.Code!, Title = request.Title!, Kind = request.Kind! };
        db.Objectives.Add(objective);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/activities/programs/{id}/framework", new ObjectiveResponse(objective.Id, objective.Code, objective.Title, objective.Kind, []));
    }

    public static async Task<Results<Created<ResultResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddResultAsync(
        Guid id, ResultRequest request, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program) return TypedResults.NotFound();
        if (!program.IsLead(partner.PartnerId)) return ProgramAccess.LeadOnly();
        var errors = request.Validate();
        if (request.ObjectiveId is { } objectiveId && !await db.Objectives.AnyAsync(o => o.ProgramId == id && o.Id == objectiveId, cancellationToken))
        {
            errors.Add("objectiveId", "is not an objective of this program.");
        }

        if (errors.IsValid && await db.Results.AnyAsync(r => r.ProgramId == id && r.Code == request.Code, cancellationToken))
        {
            errors.Add("code", "is already used by another result of the program.");
        }

        if (!errors.IsValid) return errors.ToProblem();
        var result = new Result { Id = Guid.CreateVersion7(), ProgramId = id, ObjectiveId = request.ObjectiveId!.Value, Code = request.Code!, Title = request.Title!, Type = request.Type! };
        db.Results.Add(result);
        await db.AddProgramChangedAsync(id, clock.GetUtcNow(), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProgramEvents.ChangedMeanwhile();
        }

        return TypedResults.Created($"/api/v1/activities/programs/{id}/framework", new ResultResponse(result.Id, result.ObjectiveId, result.Code, result.Title, result.Type, []));
    }

    public static async Task<Results<Created<PeriodResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddPeriodAsync(
        Guid id, PeriodRequest request, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program) return TypedResults.NotFound();
        if (!program.IsLead(partner.PartnerId)) return ProgramAccess.LeadOnly();
        var errors = request.Validate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        // Quarters and years may both carry targets: a period may lie within another or hold it, never straddle it.
        if (errors.IsValid && await db.Periods.AnyAsync(p => p.ProgramId == id && p.StartDate <= request.EndDate && p.EndDate >= request.StartDate
                && !(p.StartDate <= request.StartDate && p.EndDate >= request.EndDate) && !(request.StartDate <= p.StartDate && request.EndDate >= p.EndDate), cancellationToken))
        {
            errors.Add("startDate", "the period overlaps another period of the program without lying within it or holding it.");
        }

        if (errors.IsValid && await db.Periods.AnyAsync(p => p.ProgramId == id && p.StartDate == request.StartDate && p.EndDate == request.EndDate, cancellationToken))
        {
            errors.Add("startDate", "another period of the program has the same dates.");
        }

        if (errors.IsValid && await db.Periods.AnyAsync(p => p.ProgramId == id && p.Label == request.Label, cancellationToken))
        {
            errors.Add("label", "is already used by another period of the program.");
        }

        if (!errors.IsValid) return errors.ToProblem();
        var period = new ReportingPeriod { Id = Guid.CreateVersion7(), ProgramId = id, Label = request.Label!, StartDate = request.StartDate!.Value, EndDate = request.EndDate!.Value };
        db.Periods.Add(period);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/activities/programs/{id}/framework", PeriodResponse.From(period));
    }

    public static async Task<Results<Created<IndicatorResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddIndicatorAsync(
        Guid id, IndicatorRequest request, ActivitiesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program) return TypedResults.NotFound();
        if (!program.IsLead(partner.PartnerId)) return ProgramAccess.LeadOnly();
        var errors = request.Validate();
        if (request.ResultId is { } resultId && !await db.Results.AnyAsync(r => r.ProgramId == id && r.Id == resultId, cancellationToken))
        {
            errors.Add("resultId", "is not a result of this program.");
        }

        foreach (var (field, other) in new[] { ("numeratorId", request.NumeratorId), ("denominatorId", request.DenominatorId) })
        {
            if (other is { } otherId && !await db.Indicators.AnyAsync(i => i.ProgramId == id && i.Id == otherId, cancellationToken))
            {
                errors.Add(field, "is not an indicator of this program.");
            }
        }

        var periodIds = await db.Periods.Where(p => p.ProgramId == id).Select(p => p.Id).ToListAsync(cancellationToken);
        for (var i = 0; request.Targets is not null && i < request.Targets.Count; i++)
        {
            if (request.Targets[i].PeriodId is { } periodId && !periodIds.Contains(periodId))
            {
                errors.Add($"targets[{i}].periodId", "is not a period of this program.");
            }
        }

        if (errors.IsValid && await db.Indicators.AnyAsync(i => i.ProgramId == id && i.Code == request.Code, cancellationToken))
        {
            errors.Add("code", "is already used by another indicator of the program.");
        }

        if (!errors.IsValid) return errors.ToProblem();
        var indicator = new Indicator
        {
            Id = Guid.CreateVersion7(), ProgramId = id, ResultId = request.ResultId!.Value, Code = request.Code!, Title = request.Title!,
            Measure = request.Measure!, Ascending = request.Ascending ?? true, BaselineYear = request.Baseline?.Year, BaselineValue = request.Baseline?.Value,
            Dimensions = [.. (request.Dimensions ?? []).Distinct()], Source = request.Source!, NumeratorId = request.NumeratorId, DenominatorId = request.DenominatorId,
        };
        indicator.Targets = (request.Targets ?? [])
            .Select(t => new IndicatorTarget { IndicatorId = indicator.Id, PeriodId = t.PeriodId!.Value, Dimension = t.Dimension ?? "", DimensionValue = t.DimensionValue ?? "", Value = t.Value!.Value })
            .DistinctBy(t => (t.PeriodId, t.Dimension, t.DimensionValue))
            .ToList();
        db.Indicators.Add(indicator);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/activities/programs/{id}/framework", IndicatorResponse.From(indicator));
    }

    public static async Task<Results<Ok<PeriodResponse>, NotFound, ProblemHttpResult>> LockPeriodAsync(
        Guid id, Guid periodId, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program) return TypedResults.NotFound();
        var period = await db.Periods.FirstOrDefaultAsync(p => p.ProgramId == id && p.Id == periodId, cancellationToken);
        if (period is null) return TypedResults.NotFound();
        if (!program.IsLead(partner.PartnerId)) return ProgramAccess.LeadOnly();
        if (period.LockedAt is null)
        {
            period.LockedAt = clock.GetUtcNow();
            period.LockedBy = partner.PartnerId;
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(PeriodResponse.From(period));
    }

    public static async Task<Results<Created<ManualValueResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddManualValueAsync(
        Guid id, Guid indicatorId, ManualValueRequest request, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, PeriodWriteWindow window,
        CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program || !program.IsMember(partner.PartnerId)) return TypedResults.NotFound();
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.ProgramId == id && i.Id == indicatorId, cancellationToken);
        if (indicator is null) return TypedResults.NotFound();
        var errors = request.Validate(indicator);
        if (indicator.Source != ActualSources.Manual)
        {
            errors.Add("indicatorId", $"this indicator's actual is computed ({indicator.Source}), not entered by hand.");
        }

        var period = request.PeriodId is { } periodId
            ? await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.ProgramId == id && p.Id == periodId, cancellationToken)
            : null;
        if (request.PeriodId is not null && period is null) errors.Add("periodId", "is not a period of this program.");
        if (!errors.IsValid) return errors.ToProblem();
        if (period!.LockedAt is not null) return ProgramAccess.Locked(period);

        var byLead = program.IsLead(partner.PartnerId);
        var existing = await db.ManualValues.AsNoTracking().Where(v => v.IndicatorId == indicatorId && v.PeriodId == period.Id).ToListAsync(cancellationToken);
        if (ManualValues.OverwritesLead(existing, program.PartnerId, byLead))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The lead's value stands",
                detail: $"The lead ({program.PartnerId}) entered this indicator's value for {period.Label}; a member's value cannot replace it. Ask the lead to change it.");
        }

        var value = new ManualValue
        {
            Id = Guid.CreateVersion7(), IndicatorId = indicatorId, PeriodId = period.Id, Value = request.Value, Text = request.Text,
            Comment = request.Comment!, EnteredBy = partner.PartnerId!, EnteredAt = clock.GetUtcNow(), Status = ManualValues.StatusOfNew(byLead),
        };
        db.ManualValues.Add(value);
        if (await db.SaveUnlessLockedAsync(window, id, period.StartDate, cancellationToken) is { } locked)
        {
            return ProgramAccess.Locked(locked);
        }

        return TypedResults.Created($"/api/v1/activities/programs/{id}/progress?periodId={period.Id}", ManualValueResponse.From(value));
    }

    public static async Task<Results<Ok<PagedResult<ManualValueResponse>>, NotFound, ValidationProblem>> ListManualValuesAsync(
        Guid id, string? status, int? page, int? pageSize, ActivitiesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program || !program.IsMember(partner.PartnerId)) return TypedResults.NotFound();
        var paging = new PageRequest(page, pageSize);
        var errors = new ValidationErrors().OneOf("status", status, ManualValueStatus.All, required: false);
        paging.Validate(errors);
        if (!errors.IsValid) return errors.ToProblem();
        var values = db.ManualValues.AsNoTracking().Where(v => db.Indicators.Any(i => i.Id == v.IndicatorId && i.ProgramId == id));
        if (status is not null) values = values.Where(v => v.Status == status);
        var result = await values.OrderByDescending(v => v.EnteredAt).ThenBy(v => v.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(ManualValueResponse.From));
    }

    public static Task<Results<Ok<ManualValueResponse>, NotFound, ProblemHttpResult>> AcceptManualValueAsync(
        Guid id, Guid valueId, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, PeriodWriteWindow window,
        CancellationToken cancellationToken) =>
        ReviewManualValueAsync(id, valueId, ManualValueStatus.Accepted, db, partner, clock, window, cancellationToken);

    public static Task<Results<Ok<ManualValueResponse>, NotFound, ProblemHttpResult>> RejectManualValueAsync(
        Guid id, Guid valueId, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, PeriodWriteWindow window,
        CancellationToken cancellationToken) =>
        ReviewManualValueAsync(id, valueId, ManualValueStatus.Rejected, db, partner, clock, window, cancellationToken);

    /// <summary>The lead decides on a member's pending value, once; a locked period's values no longer change.</summary>
    private static async Task<Results<Ok<ManualValueResponse>, NotFound, ProblemHttpResult>> ReviewManualValueAsync(
        Guid id, Guid valueId, string decision, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock,
        PeriodWriteWindow window, CancellationToken cancellationToken)
    {
        if (await db.FindVisibleAsync(id, cancellationToken) is not { } program) return TypedResults.NotFound();
        var value = await db.ManualValues.FirstOrDefaultAsync(v => v.Id == valueId && db.Indicators.Any(i => i.Id == v.IndicatorId && i.ProgramId == id), cancellationToken);
        if (value is null) return TypedResults.NotFound();
        if (!program.IsLead(partner.PartnerId)) return ProgramAccess.LeadOnly();
        if (value.Status != ManualValueStatus.Pending)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The value is already {value.Status}",
                detail: $"Only a member's pending value is accepted or rejected; this one is {value.Status}.");
        }

        var period = await db.Periods.AsNoTracking().FirstAsync(p => p.Id == value.PeriodId, cancellationToken);
        if (period.LockedAt is not null) return ProgramAccess.Locked(period);
        value.Status = decision;
        value.ReviewedBy = partner.PartnerId;
        value.ReviewedAt = clock.GetUtcNow();
        if (await db.SaveUnlessLockedAsync(window, id, period.StartDate, cancellationToken) is { } locked)
        {
            return ProgramAccess.Locked(locked);
        }

        return TypedResults.Ok(ManualValueResponse.From(value));
    }
}
