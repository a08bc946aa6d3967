using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Expenditures;

public sealed record UnbookedListQuery(string? Status, int? Page, int? PageSize);

public sealed record AssignLineRequest(Guid? BudgetLineId);

public sealed record DismissRequest([property: MaxLength(500)] string? Reason);

public sealed record UnbookedExpenditureResponse(
    Guid Id, Guid ActivityId, Guid ProgramId, string ActivityPartnerId, Guid? GrantId, Guid? BudgetLineId, decimal Amount, string Currency,
    DateOnly ValueDate, string Reason, string Status, Guid? TransactionId, string? DismissalReason, string? ResolvedBy, DateTimeOffset? ResolvedAt,
    DateTimeOffset RecordedAt, int Version)
{
    public static UnbookedExpenditureResponse From(UnbookedExpenditure u) => new(
        u.Id, u.ActivityId, u.ProgramId, u.ActivityPartnerId, u.GrantId, u.BudgetLineId, u.Amount, u.Currency, u.ValueDate, ReasonCode(u.Reason), u.Status,
        u.TransactionId, u.DismissalReason, u.ResolvedBy, u.ResolvedAt, u.RecordedAt, u.Version);

    /// <summary>"PartnerMayNotCharge" → "partner_may_not_charge", as import error codes are spelled.</summary>
    public static string ReasonCode(UnbookedReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>
/// Costs of completed activities that could not be booked, where the people concerned resolve
/// them: listed under the grant of the line the activity named and under the program; seen only
/// by that grant's parties (its owner, recipient and sub-recipients) and by the activity's
/// partner (a cost naming no known line: also by the owners and recipients of the program's grants
/// the activity's partner may charge); anyone else gets 404. Resolved by assigning a line (booked then, once, by the rules
/// of any booking) or dismissed with a reason; both are audited.
/// </summary>
public static class UnbookedExpendituresApi
{
    public static IEndpointRouteBuilder MapUnbookedExpendituresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/funding/grants/{id:guid}/unbooked-expenditures", ListForGrantAsync).WithTags("Unbooked expenditures")
            .RequireScope(Scopes.FundingRead).WithName("ListGrantUnbookedExpenditures")
            .WithSummary("Costs of activities that name a line of this grant but could not be booked, with the reason (grant's owner, recipient and sub-recipients only)");
        app.MapGet("/api/v1/funding/programs/{programId:guid}/unbooked-expenditures", ListForProgramAsync).WithTags("Unbooked expenditures")
            .RequireScope(Scopes.FundingRead).WithName("ListProgramUnbookedExpenditures")
            .WithSummary("Costs of the program's activities that could not be booked, among those the partner may see");

        var api = app.MapGroup("/api/v1/funding/unbooked-expenditures").WithTags("Unbooked expenditures").Audited("unbooked-expenditure");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.FundingRead)
            .WithName("GetUnbookedExpenditure").WithSummary("One cost that could not be booked");
        api.MapPost("/{id:guid}/assign", AssignAsync).RequireScope(Scopes.FundingWrite).WithAuditAction("assign-line")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("AssignUnbookedExpenditure")
            .WithSummary("Books the cost on a line the caller's grant (as owner or recipient) may take (If-Match; 422 naming budgetLineId with the reason it still cannot be booked)");
        api.MapPost("/{id:guid}/dismiss", DismissAsync).RequireScope(Scopes.FundingWrite).WithAuditAction("dismiss")
            .WithName("DismissUnbookedExpenditure").WithSummary("Closes the cost without booking it, with the reason (If-Match)");
        return app;
    }

    public static async Task<Results<Ok<PagedResult<UnbookedExpenditureResponse>>, NotFound, ValidationProblem>> ListForGrantAsync(
        Guid id, [AsParameters] UnbookedListQuery query, FundingDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var errors = Validate(query, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grant = await GrantAccess.VisibleAsync(db, id, cancellationToken);
        if (grant is null || !grant.IsParty(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        var rows = db.UnbookedExpenditures.AsNoTracking().Where(u => u.GrantId == id);
        if (query.Status is { } status) rows = rows.Where(u => u.Status == status);
        var page = await rows.OrderBy(u => u.RecordedAt).ThenBy(u => u.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(page.Map(UnbookedExpenditureResponse.From));
    }

    public static async Task<Results<Ok<PagedResult<UnbookedExpenditureResponse>>, ValidationProblem>> ListForProgramAsync(
        Guid programId, [AsParameters] UnbookedListQuery query, FundingDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var errors = Validate(query, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var rows = Visible(db, partner.PartnerId).Where(u => u.ProgramId == programId);
        if (query.Status is { } status) rows = rows.Where(u => u.Status == status);
        var page = await rows.OrderBy(u => u.RecordedAt).ThenBy(u => u.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(page.Map(UnbookedExpenditureResponse.From));
    }

    public static async Task<Results<Ok<UnbookedExpenditureResponse>, NotFound>> GetAsync(
        Guid id, FundingDbContext db, ICurrentPartner partner, HttpContext http, CancellationToken cancellationToken)
    {
        var row = await Visible(db, partner.PartnerId).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(row.Version);
        return TypedResults.Ok(UnbookedExpenditureResponse.From(row));
    }

    public static async Task<Results<Ok<UnbookedExpenditureResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, AssignLineRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db, ICurrentPartner partner,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (row, refusal) = await OpenForChangeAsync(db, id, ifMatch, partner.PartnerId, cancellationToken);
        if (row is null)
        {
            return refusal ?? (Results<Ok<UnbookedExpenditureResponse>, NotFound, ValidationProblem, ProblemHttpResult>)TypedResults.NotFound();
        }

        if (request.BudgetLineId is not { } lineId || lineId == Guid.Empty)
        {
            return new ValidationErrors().Add("budgetLineId", "is required.").ToProblem();
        }

        // The line must be one the caller answers for: a line of a grant it recorded or receives.
        var line = await db.BudgetLines.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        var grant = line is null ? null : await GrantAccess.VisibleAsync(db, line.GrantId, cancellationToken);
        if (grant is null || (grant.PartnerId != partner.PartnerId && grant.RecipientPartnerId != partner.PartnerId))
        {
            return Unbookable("is not a budget line of a grant your organisation recorded or receives.");
        }

        var now = clock.GetUtcNow();
        var activity = await ActivityCosts.ClaimAsync(db, row.ActivityId, cancellationToken);
        activity.Touch();
        var outcome = await ExpenditureBooking.TryBookAsync(db, row.Charge with { BudgetLineId = lineId }, now, cancellationToken);
        if (outcome.Booked is not { } booked)
        {
            return Unbookable($"cannot take this cost: {UnbookedExpenditureResponse.ReasonCode(outcome.Reason!.Value)}.");
        }

        row.Booked(outcome.GrantId!.Value, lineId, booked.Id, partner.PartnerId!, now);
        return await SaveAsync(db, row, http, cancellationToken);
    }

    public static async Task<Results<Ok<UnbookedExpenditureResponse>, NotFound, ValidationProblem, ProblemHttpResult>> DismissAsync(
        Guid id, DismissRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db, ICurrentPartner partner,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var (row, refusal) = await OpenForChangeAsync(db, id, ifMatch, partner.PartnerId, cancellationToken);
        if (row is null)
        {
            return refusal ?? (Results<Ok<UnbookedExpenditureResponse>, NotFound, ValidationProblem, ProblemHttpResult>)TypedResults.NotFound();
        }

        var errors = new ValidationErrors().Limits(request).Required("reason", request.Reason);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        row.Dismiss(request.Reason!.Trim(), partner.PartnerId!, clock.GetUtcNow());
        return await SaveAsync(db, row, http, cancellationToken);
    }

    /// <summary>
    /// The rows the partner may see: those of its own activities, and those of grants it owns,
    /// receives or sub-receives. Rows carry no owner of their own, so no ownership filter applies
    /// to them; this is their one filter, and without a partner it finds nothing.
    /// </summary>
    private static IQueryable<UnbookedExpenditure> Visible(FundingDbContext db, string? partnerId)
    {
        if (partnerId is null)
        {
            return db.UnbookedExpenditures.Where(_ => false);
        }

        // Whether the partner is a party of the row's grant: grants set aside the ownership filter here, for that test only.
        var grants = db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]);
        return db.UnbookedExpenditures.Where(u =>
            u.ActivityPartnerId == partnerId
            || grants.Any(g => g.Id == u.GrantId
                && (g.PartnerId == partnerId || g.RecipientPartnerId == partnerId || g.SubRecipientPartnerIds.Contains(partnerId)))
            // A cost that named no known line: those who could give it one, the owners and recipients of the program's grants the activity's partner may charge.
            || (u.GrantId == null && grants.Any(g => g.ProgramId == u.ProgramId
                && (g.RecipientPartnerId == u.ActivityPartnerId || g.SubRecipientPartnerIds.Contains(u.ActivityPartnerId))
                && (g.PartnerId == partnerId || g.RecipientPartnerId == partnerId))));
    }

    private static async Task<(UnbookedExpenditure? Row, Results<Ok<UnbookedExpenditureResponse>, NotFound, ValidationProblem, ProblemHttpResult>? Refusal)> OpenForChangeAsync(
        FundingDbContext db, Guid id, string? ifMatch, string? partnerId, CancellationToken cancellationToken)
    {
        var row = await Visible(db, partnerId).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (row is null)
        {
            return (null, TypedResults.NotFound());
        }

        if (ConcurrentUpdate.Refusal(ifMatch, row.Version, "unbooked expenditure") is { } precondition)
        {
            return (null, precondition);
        }

        if (!row.IsOpen)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The cost is already {row.Status}",
                detail: "Only an open unbooked cost is assigned a line or dismissed."));
        }

        return (row, null);
    }

    private static async Task<Results<Ok<UnbookedExpenditureResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(
        FundingDbContext db, UnbookedExpenditure row, HttpContext http, CancellationToken cancellationToken)
    {
        var notSaved = await ConcurrentUpdate.SaveAsync(http, "unbooked expenditure", row.Version, async () =>
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
            catch (DbUpdateException)
            {
                // The activity was cancelled or booked meanwhile, or the row resolved by another partner.
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The cost changed meanwhile",
                    detail: "Read it again: it may have been withdrawn, booked or dismissed.");
            }
        });
        if (notSaved is not null)
        {
            return notSaved;
        }

        return TypedResults.Ok(UnbookedExpenditureResponse.From(row));
    }

    private static ProblemHttpResult Unbookable(string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["budgetLineId"] = [message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The cost cannot be booked on this line",
        });

    private static ValidationErrors Validate(UnbookedListQuery query, out PageRequest paging)
    {
        var errors = PageRequest.Validate(query.Page, query.PageSize, out paging);
        return errors.OneOf("status", query.Status, UnbookedExpenditure.Statuses, required: false);
    }
}
