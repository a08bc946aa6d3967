using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Reporting;
using JusticePlatform.Funding.Data;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Appeals;

/// <summary>/api/v1/funding/appeals: appeals, their contributions and their funding status. Only the partner that recorded an appeal sees it.</summary>
public static class AppealsApi
{
    public static IEndpointRouteBuilder MapAppealsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/funding/appeals").WithTags("Appeals").Audited("appeal");
        api.MapPost("/", CreateAsync).RequireScope(Scopes.FundingWrite).Idempotent()
            .WithName("CreateAppeal").WithSummary("Records an appeal and its requirement in USD");
        api.MapGet("/", ListAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListAppeals").WithSummary("The partner's appeals, paged");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.FundingRead)
            .WithName("GetAppeal").WithSummary("One appeal, with its ETag");
        api.MapPut("/{id:guid}", UpdateAsync).RequireScope(Scopes.FundingWrite)
            .WithName("UpdateAppeal").WithSummary("Changes an appeal (If-Match required)");
        api.MapPost("/{id:guid}/contributions", AddContributionAsync).RequireScope(Scopes.FundingWrite).Idempotent()
            .WithName("AddContribution").WithSummary("Adds a pledge, commitment or payment to an appeal");
        api.MapGet("/{id:guid}/contributions", ListContributionsAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListContributions").WithSummary("An appeal's contributions, paged");
        api.MapPut("/{id:guid}/contributions/{contributionId:guid}", UpdateContributionAsync).RequireScope(Scopes.FundingWrite)
            .WithName("UpdateContribution").WithSummary("Changes a contribution, for example a pledge that becomes a commitment (If-Match required)");
        api.MapGet("/{id:guid}/funding-status", FundingStatusAsync).RequireScope(Scopes.FundingRead)
            .ProducesHxlCsv(FundingCsv.AppealStatus)
            .WithName("GetAppealFundingStatus").WithSummary("Requirement, funded, coverage, gap and figures by funder, in any ISO 4217 currency with entered rates (CSV with HXL hashtags on Accept: text/csv)");
        return app;
    }

    public static async Task<Results<Created<AppealResponse>, ValidationProblem>> CreateAsync(
        AppealRequest request, FundingDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var appeal = Appeal.Create(request, clock.GetUtcNow());
        db.Appeals.Add(appeal);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ETags.Of(appeal.Version);
        return TypedResults.Created($"/api/v1/funding/appeals/{appeal.Id}", AppealResponse.From(appeal));
    }

    public static async Task<Results<Ok<PagedResult<AppealResponse>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await db.Appeals.AsNoTracking().OrderByDescending(a => a.Year).ThenBy(a => a.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(AppealResponse.From));
    }

    public static async Task<Results<Ok<AppealResponse>, NotFound>> GetAsync(Guid id, FundingDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var appeal = await db.Appeals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appeal is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(appeal.Version);
        return TypedResults.Ok(AppealResponse.From(appeal));
    }

    public static async Task<Results<Ok<AppealResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, AppealRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db, HttpContext http,
        CancellationToken cancellationToken)
    {
        var appeal = await db.Appeals.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appeal is null)
        {
            return TypedResults.NotFound();
        }

        if (ConcurrentUpdate.Refusal(ifMatch, appeal.Version, "appeal") is { } precondition)
        {
            return precondition;
        }

        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        appeal.Update(request);
        if (await ConcurrentUpdate.SaveAsync(db, http, "appeal", appeal.Version, cancellationToken) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Ok(AppealResponse.From(appeal));
    }

    public static async Task<Results<Created<ContributionResponse>, NotFound, ValidationProblem>> AddContributionAsync(
        Guid id, ContributionRequest request, FundingDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await db.Appeals.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var errors = request.Validate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var contribution = Contribution.Create(id, request, clock.GetUtcNow());
        db.Contributions.Add(contribution);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ETags.Of(contribution.Version);
        return TypedResults.Created($"/api/v1/funding/appeals/{id}/contributions/{contribution.Id}", ContributionResponse.From(contribution));
    }

    public static async Task<Results<Ok<PagedResult<ContributionResponse>>, NotFound, ValidationProblem>> ListContributionsAsync(
        Guid id, int? page, int? pageSize, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (!await db.Appeals.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var result = await db.Contributions.AsNoTracking().Where(c => c.AppealId == id).OrderBy(c => c.Date).ThenBy(c => c.Id)
            .ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(ContributionResponse.From));
    }

    public static async Task<Results<Ok<ContributionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateContributionAsync(
        Guid id, Guid contributionId, ContributionRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await db.Appeals.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var contribution = await db.Contributions.FirstOrDefaultAsync(c => c.Id == contributionId && c.AppealId == id, cancellationToken);
        if (contribution is null)
        {
            return TypedResults.NotFound();
        }

        if (ConcurrentUpdate.Refusal(ifMatch, contribution.Version, "contribution") is { } precondition)
        {
            return precondition;
        }

        var errors = request.Validate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        contribution.Update(request);
        if (await ConcurrentUpdate.SaveAsync(db, http, "contribution", contribution.Version, cancellationToken) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Ok(ContributionResponse.From(contribution));
    }

    public static async Task<Results<Ok<AppealCoverage>, PushStreamHttpResult, NotFound, ValidationProblem, ProblemHttpResult>> FundingStatusAsync(
        Guid id, string? currency, FundingDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Currency("currency", currency, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var appeal = await db.Appeals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appeal is null)
        {
            return TypedResults.NotFound();
        }

        var contributions = await db.Contributions.AsNoTracking().Where(c => c.AppealId == id).ToListAsync(cancellationToken);
        try
        {
            var coverage = AppealCoverage.Compute(appeal, contributions, await db.ConverterAsync(cancellationToken),
                Currency.Of(currency ?? Appeal.RequirementCurrency));
            return HxlCsv.IsAskedFor(http.Request)
                ? FundingCsv.AppealStatus.Stream(http, FundingCsv.AppealRows(coverage), "appeal-funding-status.csv")
                : TypedResults.Ok(coverage);
        }
        catch (MissingRateException missing)
        {
            return RatesApi.NoRate(missing);
        }
    }
}
