using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Contracts.Grievances;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Protection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Referrals;

/// <summary>
/// Referrals: the sender refers one of its cases (POST /cases/{id}/referrals) and may revoke it;
/// a receiving partner accepts or rejects it, marks it done, and reads the shared part of the
/// case only while it stands accepted. A referral to a body outside the platform is answered by
/// its sender. Another partner's referral answers 404.
/// </summary>
public static class ReferralsApi
{
    public const string OverrideNoteField = "referral.override_note";

    /// <summary>The audited resource of a receiver's reads of a referred case (its id is the referral's).</summary>
    public const string ReferredCaseAuditResource = "grievance-referral-case";

    public static RouteGroupBuilder MapCaseReferralsApi(this RouteGroupBuilder cases)
    {
        cases.MapPost("/{id:guid}/referrals", ReferAsync).RequireScope(Scopes.GrievancesCasework).Idempotent()
            .NeedsScopeFor(Scopes.GrievancesConsentOverride, "A consentOverride (a referral without the survivor's consent for referral)")
            .WithName("ReferCase").WithSummary("Refer a case for a service, to another partner or an outside body. Needs the survivor's consent, or the override scope and a reason.");
        cases.MapGet("/{id:guid}/referrals", ListForCaseAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("ListCaseReferrals").WithSummary("The referrals of one of the partner's cases.");
        return cases;
    }

    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup($"{CasesApi.Prefix}/referrals").WithTags("Referrals").Audited("grievance-referral", sensitiveReads: true);
        referrals.MapGet("/", ListAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("ListReferrals").WithSummary("Referrals the partner sent (direction=outgoing) or received (direction=incoming), paged.");
        referrals.MapGet("/{id:guid}", GetAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("GetReferral").WithSummary("A referral the partner sent or received.");
        referrals.MapPost("/{id:guid}/accept", AcceptAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("AcceptReferral").WithSummary("The receiver accepts a referral in progress.");
        referrals.MapPost("/{id:guid}/reject", RejectAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("RejectReferral").WithSummary("The receiver rejects a referral in progress.");
        referrals.MapPost("/{id:guid}/complete", CompleteAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("CompleteReferral").WithSummary("The receiver marks an accepted referral's service done.");
        referrals.MapPost("/{id:guid}/revoke", RevokeAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("RevokeReferral").WithSummary("The sender revokes a referral; the receiver can no longer read the case.");
        referrals.MapPost("/{id:guid}/redress", RecordRedressAsync).RequireScope(Scopes.GrievancesCasework)
            .WithAuditAction("record_redress").WithName("RecordReferralRedress")
            .WithSummary("The receiver of an accepted referral records the redress it obtained (status redress_obtained, kind, date); the sender's case shows it.");

        app.MapGroup($"{CasesApi.Prefix}/referrals").WithTags("Referrals").Audited(ReferredCaseAuditResource, sensitiveReads: true)
            .MapGet("/{id:guid}/case", ReadReferredCaseAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("GetReferredCase").WithSummary("The part of the case an accepted referral shares with its receiver (every read audited).");
        return app;
    }

    public static async Task<Results<Created<ReferralResponse>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> ReferAsync(
        Guid id, ReferralRequest request, GrievancesDbContext db, ICurrentPartner partner, SurvivorDataProtector protector, TimeProvider clock,
        ILogger<Referral> logger, CancellationToken cancellationToken)
    {
        var errors = request.Validate(partner.PartnerId!);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // A case goes only to a partner Identity registered and has not disabled: an id that no one holds
        // yet would hand the survivor's data to whoever registers it later.
        if (request.ToPartnerId is { } receiver && !await db.KnownPartners.IsEnabledAsync(receiver, cancellationToken))
        {
            return KnownPartners.NotEnabledProblem("toPartnerId");
        }

        var grievanceCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (grievanceCase is null)
        {
            return TypedResults.NotFound();
        }

        if (grievanceCase.Status == CaseWorkflow.Closed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case is closed", detail: "Reopen the case before referring it.");
        }

        var consented = grievanceCase.ConsentForServices && grievanceCase.ConsentForReferral;
        if (!consented && request.ConsentOverride is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The survivor has not consented to referral",
                detail: "A case is referred only with the survivor's consent for services and for referral, or under the grievances.consent_override scope with consentOverride.reason.");
        }

        if (request.ConsentOverride is not null && !partner.HasScope(Scopes.GrievancesConsentOverride))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var referral = Referral.Create(Guid.CreateVersion7(now), id, grievanceCase.PartnerId, request.ToPartnerId, request.ExternalBody?.Kind,
            request.ExternalBody?.Name?.Trim(), request.ServiceType!, request.Shares ?? [], partner.Actor(), now);
        if (request.ConsentOverride is { } consentOverride)
        {
            referral.RecordOverride(consentOverride.Reason!, protector.Protect(consentOverride.Note, referral.Id, OverrideNoteField));
            logger.LogWarning("Case {CaseId} referred without the survivor's consent by {ClientId}: {OverrideReason}", id, partner.Actor(), consentOverride.Reason);
        }

        db.Referrals.Add(referral);
        db.AddIntegrationEvent(new GrievanceReferred(id, referral.Id, grievanceCase.PartnerId, referral.ServiceType, referral.Internal, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{CasesApi.Prefix}/referrals/{referral.Id}", ReferralResponse.From(referral, partner.PartnerId!));
    }

    public static async Task<Results<Ok<List<ReferralResponse>>, NotFound>> ListForCaseAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var referrals = await db.Referrals.AsNoTracking().VisibleTo(partner.PartnerId!).Where(r => r.CaseId == id)
            .OrderBy(r => r.ReferredAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(referrals.Select(r => ReferralResponse.From(r, partner.PartnerId!)).ToList());
    }

    public sealed record ReferralQuery(string? Direction, string? Status, int? Page, int? PageSize);

    public static async Task<Results<Ok<PagedResult<ReferralResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] ReferralQuery query, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var paging = new PageRequest(query.Page, query.PageSize);
        var errors = new ValidationErrors()
            .OneOf("direction", query.Direction, ReferralStatus.Directions, required: false)
            .OneOf("status", query.Status, ReferralStatus.All, required: false);
        paging.Validate(errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var me = partner.PartnerId!;
        var referrals = db.Referrals.AsNoTracking().VisibleTo(me);
        if (query.Direction == "incoming") referrals = referrals.Where(r => r.ToPartnerId == me);
        if (query.Direction == "outgoing") referrals = referrals.Where(r => r.FromPartnerId == me);
        if (query.Status is { } status) referrals = referrals.Where(r => r.Status == status);
        var page = await referrals.OrderByDescending(r => r.ReferredAt).ThenBy(r => r.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(page.Map(r => ReferralResponse.From(r, me)));
    }

    public static async Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> GetAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().VisibleTo(partner.PartnerId!).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (referral is null)
        {
            return TypedResults.NotFound();
        }

        if (referral.ToPartnerId == partner.PartnerId && !await db.KnownPartners.IsEnabledAsync(partner.PartnerId, cancellationToken))
        {
            return ReceiverDisabled();
        }

        return TypedResults.Ok(ReferralResponse.From(referral, partner.PartnerId!));
    }

    /// <summary>
    /// A receiver that is disabled (or not known to this service) reads nothing of what was referred
    /// to it, even with a token that is still valid, until it is enabled again.
    /// </summary>
    private static ProblemHttpResult ReceiverDisabled() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your organisation is disabled on the platform",
            detail: "What was referred to it cannot be read while it stays disabled.");

    public static Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> AcceptAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerAsync(id, db, partner, (r, now) => r.Respond(true, partner.Actor(), now), cancellationToken, clock);

    public static Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> RejectAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerAsync(id, db, partner, (r, now) => r.Respond(false, partner.Actor(), now), cancellationToken, clock);

    public static Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> CompleteAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerAsync(id, db, partner, (r, now) => r.Complete(now), cancellationToken, clock);

    public static async Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> RevokeAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = partner.PartnerId!;
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == id && r.FromPartnerId == me, cancellationToken);
        if (referral is null)
        {
            return TypedResults.NotFound();
        }

        return await SaveAsync(referral, referral.Revoke(clock.GetUtcNow()), db, me, cancellationToken);
    }

    /// <summary>
    /// The answer of the receiver: a partner on the platform answers for itself; for a body outside
    /// it, the sender records the answer.
    /// </summary>
    private static async Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> AnswerAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, Func<Referral, DateTimeOffset, bool> answer, CancellationToken cancellationToken,
        TimeProvider clock)
    {
        var me = partner.PartnerId!;
        var referral = await db.Referrals.FirstOrDefaultAsync(
            r => r.Id == id && (r.ToPartnerId == me || (r.ToPartnerId == null && r.FromPartnerId == me)), cancellationToken);
        if (referral is null)
        {
            return TypedResults.NotFound();
        }

        return await SaveAsync(referral, answer(referral, clock.GetUtcNow()), db, me, cancellationToken);
    }

    private static async Task<Results<Ok<ReferralResponse>, NotFound, ProblemHttpResult>> SaveAsync(
        Referral referral, bool moved, GrievancesDbContext db, string viewer, CancellationToken cancellationToken)
    {
        if (!moved)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The referral cannot make this step",
                detail: $"The referral is {referral.Status}.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The referral was changed at the same time", detail: "Read it again.");
        }

        return TypedResults.Ok(ReferralResponse.From(referral, viewer));
    }

    /// <summary>
    /// The receiver records the redress it obtained on the sender's case. The case is the sender's
    /// row, which a receiver's request may not change: the sender let the receiver act for this
    /// survivor by referring the case, so the change is made as the platform's own work, checked
    /// again there against the referral (accepted, to this receiver), and nothing else of the case moves.
    /// </summary>
    public static async Task<Results<Ok<ReferralResponse>, ValidationProblem, NotFound, ProblemHttpResult>> RecordRedressAsync(
        Guid id, RedressRequest request, GrievancesDbContext db, ICurrentPartner partner, IServiceScopeFactory scopes, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (request.Status is not null && request.Status != "redress_obtained")
        {
            errors.Add("status", "must be redress_obtained: a receiver records the redress it obtained.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var me = partner.PartnerId!;
        if (!await db.Referrals.AnyAsync(r => r.Id == id && r.ToPartnerId == me, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        if (!await db.KnownPartners.IsEnabledAsync(me, cancellationToken))
        {
            return ReceiverDisabled();
        }

        Referral? recorded = null;
        try
        {
            await scopes.RunAsSystemAsync(async services =>
            {
                var system = services.GetRequiredService<GrievancesDbContext>();
                var referral = await system.Referrals.FirstAsync(r => r.Id == id && r.ToPartnerId == me, cancellationToken);
                if (!referral.LetsReceiverRead)
                {
                    return;
                }

                var grievanceCase = await system.Cases.FirstAsync(c => c.Id == referral.CaseId && c.PartnerId == referral.FromPartnerId, cancellationToken);
                await CasesApi.ApplyRedressAsync(grievanceCase, request, system, now, cancellationToken);
                referral.RecordRedress(now);
                await system.SaveChangesAsync(cancellationToken);
                recorded = referral;
            });
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The referral or its case was changed at the same time", detail: "Try again.");
        }

        return recorded is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The referral is not accepted",
                detail: "A receiver records redress only on a referral it accepted and that was not revoked or marked done.")
            : TypedResults.Ok(ReferralResponse.From(recorded, me));
    }

    public static async Task<Results<Ok<ReferredCase>, NotFound, ProblemHttpResult>> ReadReferredCaseAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, SurvivorDataProtector protector, CancellationToken cancellationToken)
    {
        var me = partner.PartnerId!;
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.ToPartnerId == me, cancellationToken);
        if (referral is null || !referral.LetsReceiverRead)
        {
            return TypedResults.NotFound();
        }

        if (!await db.KnownPartners.IsEnabledAsync(me, cancellationToken))
        {
            return ReceiverDisabled();
        }

        // The case belongs to the sender; this accepted referral, and nothing else, lets the receiver read its shared part.
        var grievanceCase = await db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .FirstAsync(c => c.Id == referral.CaseId && c.PartnerId == referral.FromPartnerId, cancellationToken);
        var shares = referral.Shares;
        var identity = shares.Contains("identity");
        var contact = shares.Contains("contact");
        var narratives = shares.Contains("narratives");
        var incidents = await db.Incidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .Where(i => i.CaseId == grievanceCase.Id && i.PartnerId == grievanceCase.PartnerId)
            .OrderBy(i => i.Date).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ReferredCase(
            referral.Id, referral.ServiceType, grievanceCase.Sex, grievanceCase.AgeBand, grievanceCase.RiskLevel, shares,
            identity || contact ? protector.Unprotect(grievanceCase, identity, contact) : null,
            incidents.Select(i => ReferredIncident.From(i, protector, narratives)).ToList()));
    }
}
