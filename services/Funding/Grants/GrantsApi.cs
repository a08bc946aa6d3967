using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding.Data;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Projections.Programs;
using JusticePlatform.Funding.Reports;
using JusticePlatform.Funding.Transactions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Grants;

public sealed record GrantListQuery(Guid? ProgramId, string? Status, int? Page, int? PageSize);

/// <summary>
/// /api/v1/funding/grants. A grant is seen by the partner that recorded it, its recipient, its
/// funder's partner and the program's lead (the last three through record shares); only the
/// partner that recorded it changes it and its budget and transactions. Anyone else gets 404.
/// </summary>
public static class GrantsApi
{
    public static IEndpointRouteBuilder MapGrantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/funding/grants").WithTags("Grants").Audited("grant");
        api.MapPost("/", CreateAsync).RequireScope(Scopes.FundingWrite).Idempotent().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateGrant")
            .WithSummary("Records a grant from a funder to a recipient partner for a program the recipient leads or is a member of (else 422 naming programId), with the sub-recipients that may charge it (422 naming one that is not a registered partner)");
        api.MapGet("/", ListAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListGrants").WithSummary("The grants the partner may see, paged");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.FundingRead)
            .WithName("GetGrant").WithSummary("One grant; with ?currency= its amount converted, showing the rate and date used");
        api.MapPut("/{id:guid}", UpdateAsync).RequireScope(Scopes.FundingWrite).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateGrant")
            .WithSummary("Changes a grant and its sub-recipients (If-Match required; its currency stays; 409 when its budget lines would exceed its amount)");
        api.MapBudgetLinesApi();
        api.MapTransactionsApi();
        api.MapReportsApi();
        return app;
    }

    public static async Task<Results<Created<GrantResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        GrantRequest request, FundingDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate(partner.PartnerId!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var funder = await FunderAsync(db, request, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await ProgramProblemsAsync(db, request, cancellationToken) is { } unknownProgram)
        {
            return unknownProgram;
        }

        if (await GrantEvents.UnknownSubRecipientsAsync(db, request, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var now = clock.GetUtcNow();
        var grant = Grant.Create(partner.PartnerId!, request, funder!, now);
        db.Grants.Add(grant);
        foreach (var reader in grant.Readers)
        {
            db.Share(grant, reader, now);
        }

        await GrantEvents.AddChangedAsync(db, grant, null, now, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ETags.Of(grant.Version);
        return TypedResults.Created($"/api/v1/funding/grants/{grant.Id}", GrantResponse.From(grant));
    }

    public static async Task<Results<Ok<PagedResult<GrantResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] GrantListQuery query, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(query.Page, query.PageSize, out var paging);
        errors.OneOf("status", query.Status, Grant.Statuses, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grants = db.IncludingShared<Grant>().AsNoTracking();
        if (query.ProgramId is { } program) grants = grants.Where(g => g.ProgramId == program);
        if (query.Status is { } status) grants = grants.Where(g => g.Status == status);
        var result = await grants.OrderByDescending(g => g.StartDate).ThenBy(g => g.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(g => GrantResponse.From(g)));
    }

    public static async Task<Results<Ok<GrantResponse>, NotFound, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id, string? currency, FundingDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Currency("currency", currency, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grant = await GrantAccess.VisibleAsync(db, id, cancellationToken);
        if (grant is null)
        {
            return TypedResults.NotFound();
        }

        ConvertedFigure? converted = null;
        if (currency is not null)
        {
            try
            {
                var conversion = (await db.ConverterAsync(cancellationToken)).Convert(Money.Of(grant.Amount, grant.Currency, grant.StartDate), currency);
                converted = ConvertedFigure.From(conversion);
            }
            catch (MissingRateException missing)
            {
                return RatesApi.NoRate(missing);
            }
        }

        http.Response.Headers.ETag = ETags.Of(grant.Version);
        return TypedResults.Ok(GrantResponse.From(grant, converted));
    }

    public static async Task<Results<Ok<GrantResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, GrantRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db, ICurrentPartner partner,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            return ETags.Required("grant");
        }

        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (grant is null)
        {
            return await GrantAccess.VisibleAsync(db, id, cancellationToken) is null ? TypedResults.NotFound() : GrantAccess.ReadOnly();
        }

        if (ConcurrentUpdate.Refusal(ifMatch, grant.Version, "grant") is { } precondition)
        {
            return precondition;
        }

        var errors = request.Validate(partner.PartnerId!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (request.Currency is not null && request.Currency != grant.Currency)
        {
            errors.Add("currency", $"cannot change: the grant is in {grant.Currency}.");
        }

        var funder = await FunderAsync(db, request, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await ProgramProblemsAsync(db, request, cancellationToken) is { } unknownProgram)
        {
            return unknownProgram;
        }

        if (await GrantEvents.UnknownSubRecipientsAsync(db, request, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var linesTotal = await BudgetLimit.TotalAsync(db, grant.Id, cancellationToken);
        if (linesTotal > request.Amount!.Value)
        {
            return BudgetLimit.Exceeded(linesTotal, request.Amount.Value, grant.Currency);
        }

        grant.Update(request, funder!);
        var readers = grant.Readers.ToList();
        var shares = await db.RecordShares.Where(s => s.RecordId == grant.Id).ToListAsync(cancellationToken);
        db.RecordShares.RemoveRange(shares.Where(s => !readers.Contains(s.PartnerId)));
        foreach (var reader in readers.Where(r => shares.All(s => s.PartnerId != r)))
        {
            db.Share(grant, reader, clock.GetUtcNow());
        }

        await GrantEvents.AddChangedAsync(db, grant, null, clock.GetUtcNow(), cancellationToken);
        var notSaved = await ConcurrentUpdate.SaveAsync(db, http, "grant", grant.Version, cancellationToken,
            async conflict =>
            {
                // The same version with another budget revision: a line was added or revised meanwhile, not the grant.
                var current = await conflict.Entries[0].GetDatabaseValuesAsync(cancellationToken);
                return current?.GetValue<int>(nameof(Grant.Version)) == grant.Version - 1 ? BudgetLimit.ChangedMeanwhile() : ETags.Stale("grant");
            });
        if (notSaved is not null)
        {
            return notSaved;
        }

        return TypedResults.Ok(GrantResponse.From(grant));
    }

    /// <summary>422 unless Activities published the program with the grant's recipient as its lead or a member, and the lead named is its lead.</summary>
    private static async Task<ProblemHttpResult?> ProgramProblemsAsync(FundingDbContext db, GrantRequest request, CancellationToken cancellationToken)
    {
        var problems = await db.KnownPrograms.GrantProblemsAsync(request.ProgramId!.Value, request.RecipientPartnerId!, request.ProgramLeadPartnerId!, cancellationToken);
        return problems.Count == 0 ? null : KnownPrograms.UnknownReference(problems);
    }

    private static async Task<Organisations.Organisation?> FunderAsync(FundingDbContext db, GrantRequest request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.FunderOrganisationId is not { } funderId || funderId == Guid.Empty)
        {
            return null;
        }

        var funder = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == funderId, cancellationToken);
        if (funder is null)
        {
            errors.Add("funderOrganisationId", "is not an organisation of yours (add it at /api/v1/funding/organisations).");
        }

        return funder;
    }
}
