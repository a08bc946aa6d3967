using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Projections.Programs;
using JusticePlatform.Funding.Transactions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Grants;

/// <summary>/api/v1/funding/grants/{id}/budget-lines: a grant's budget, per result or cost category.</summary>
public static class BudgetLinesApi
{
    public static RouteGroupBuilder MapBudgetLinesApi(this RouteGroupBuilder grants)
    {
        grants.MapPost("/{id:guid}/budget-lines", CreateAsync).RequireScope(Scopes.FundingWrite).Idempotent()
            .WithName("CreateBudgetLine").WithSummary("Adds a budget line to a grant, in the grant's currency; 409 when the lines would exceed the grant, 422 when its result is not one of the grant's program");
        grants.MapGet("/{id:guid}/budget-lines", ListAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListBudgetLines").WithSummary("A grant's budget lines, paged");
        grants.MapGet("/{id:guid}/budget-lines/{lineId:guid}", GetAsync).RequireScope(Scopes.FundingRead)
            .WithName("GetBudgetLine").WithSummary("One budget line, with its ETag");
        grants.MapPut("/{id:guid}/budget-lines/{lineId:guid}", UpdateAsync).RequireScope(Scopes.FundingWrite)
            .WithName("ReviseBudgetLine").WithSummary("Revises a budget line (If-Match required); 409 when the lines would exceed the grant");
        return grants;
    }

    public static async Task<Results<Created<BudgetLineResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, BudgetLineRequest request, FundingDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var (grant, refusal) = await GrantAccess.WritableAsync(db, partner.PartnerId!, id, cancellationToken);
        if (grant is null)
        {
            return refusal is ProblemHttpResult problem ? problem : TypedResults.NotFound();
        }

        var errors = request.Validate(grant);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (request.Kind == "result" && !await db.KnownPrograms.HasResultAsync(grant.ProgramId, request.ResultId!.Value, cancellationToken))
        {
            return KnownPrograms.UnknownReference(new() { ["resultId"] = ["is not a result of the grant's program (a new result reaches Funding within seconds)."] });
        }

        var total = await BudgetLimit.TotalWithAsync(db, id, null, request.Amount!.Value, cancellationToken);
        if (total > grant.Amount)
        {
            return BudgetLimit.Exceeded(total, grant.Amount, grant.Currency);
        }

        var line = BudgetLine.Create(grant, request, clock.GetUtcNow());
        db.BudgetLines.Add(line);
        db.Grants.Attach(grant);
        grant.RecordBudgetChange();
        await GrantEvents.AddChangedAsync(db, grant, line, clock.GetUtcNow(), cancellationToken);
        db.AddIntegrationEvent(IatiEvents.BudgetPeriod(line, grant, clock.GetUtcNow()));
        // A new line moves the grant's budget revision: a lost race is the grant's budget changing meanwhile.
        if (await ConcurrentUpdate.SaveAsync(db, http, "budget line", line.Version, cancellationToken, _ => Task.FromResult(BudgetLimit.ChangedMeanwhile())) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Created($"/api/v1/funding/grants/{id}/budget-lines/{line.Id}", BudgetLineResponse.From(line));
    }

    public static async Task<Results<Ok<PagedResult<BudgetLineResponse>>, NotFound, ValidationProblem>> ListAsync(
        Guid id, int? page, int? pageSize, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await GrantAccess.VisibleAsync(db, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var result = await db.BudgetLines.AsNoTracking().Where(l => l.GrantId == id).OrderBy(l => l.Code).ThenBy(l => l.Id)
            .ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(BudgetLineResponse.From));
    }

    public static async Task<Results<Ok<BudgetLineResponse>, NotFound>> GetAsync(
        Guid id, Guid lineId, FundingDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (await GrantAccess.VisibleAsync(db, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var line = await db.BudgetLines.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lineId && l.GrantId == id, cancellationToken);
        if (line is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(line.Version);
        return TypedResults.Ok(BudgetLineResponse.From(line));
    }

    public static async Task<Results<Ok<BudgetLineResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid lineId, BudgetLineRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db,
        ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await GrantAccess.WritableAsync(db, partner.PartnerId!, id, cancellationToken);
        if (grant is null)
        {
            return refusal is ProblemHttpResult problem ? problem : TypedResults.NotFound();
        }

        if (string.IsNullOrEmpty(ifMatch))
        {
            return ETags.Required("budget line");
        }

        var line = await db.BudgetLines.FirstOrDefaultAsync(l => l.Id == lineId && l.GrantId == id, cancellationToken);
        if (line is null)
        {
            return TypedResults.NotFound();
        }

        if (ConcurrentUpdate.Refusal(ifMatch, line.Version, "budget line") is { } precondition)
        {
            return precondition;
        }

        var errors = request.Validate(grant);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (request.Kind == "result" && !await db.KnownPrograms.HasResultAsync(grant.ProgramId, request.ResultId!.Value, cancellationToken))
        {
            return KnownPrograms.UnknownReference(new() { ["resultId"] = ["is not a result of the grant's program (a new result reaches Funding within seconds)."] });
        }

        var total = await BudgetLimit.TotalWithAsync(db, id, lineId, request.Amount!.Value, cancellationToken);
        if (total > grant.Amount)
        {
            return BudgetLimit.Exceeded(total, grant.Amount, grant.Currency);
        }

        line.Update(request with { BudgetType = request.BudgetType ?? "revised" });
        db.Grants.Attach(grant);
        grant.RecordBudgetChange();
        await GrantEvents.AddChangedAsync(db, grant, line, clock.GetUtcNow(), cancellationToken);
        db.AddIntegrationEvent(IatiEvents.BudgetPeriod(line, grant, clock.GetUtcNow()));
        var notSaved = await ConcurrentUpdate.SaveAsync(db, http, "budget line", line.Version, cancellationToken,
            conflict => Task.FromResult(conflict.Entries.Any(e => e.Entity is Grant) ? BudgetLimit.ChangedMeanwhile() : ETags.Stale("budget line")));
        if (notSaved is not null)
        {
            return notSaved;
        }

        return TypedResults.Ok(BudgetLineResponse.From(line));
    }
}
