using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Grievances;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Projections.Programs;
using JusticePlatform.Grievances.Protection;
using JusticePlatform.Grievances.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Cases;

/// <summary>
/// /api/v1/grievances/cases: open a case, list and read it by categories, move it through its
/// workflow, record redress. Every request, reads included, is audited. The details (identity,
/// contact, narratives) are served by <see cref="CaseDetailsApi"/> alone.
/// </summary>
public static class CasesApi
{
    public const string Prefix = "/api/v1/grievances";

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup($"{Prefix}/cases").WithTags("Cases").Audited("grievance-case", sensitiveReads: true);
        cases.MapPost("/", OpenAsync).RequireScope(Scopes.GrievancesCasework).Idempotent()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("OpenCase").WithSummary("Open a survivor's case; identity and contact are encrypted at rest. A beneficiaryId must be one the partner owns or sees under a data-sharing agreement, a programId one the partner leads or is a member of (else 422).");
        cases.MapGet("/", CaseList.ListAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("ListCases").WithSummary("The partner's cases by survivor code and categories, paged; never a name.");
        cases.MapGet("/export.csv", CaseList.ExportAsync).Produces<string>(StatusCodes.Status200OK, "text/csv").RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("ExportCases").WithSummary("The partner's cases as CSV: survivor codes and categories, formulas neutralised.");
        cases.MapGet("/{id:guid}", GetAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("GetCase").WithSummary("A case by survivor code and categories.");
        cases.MapGet("/{id:guid}/history", HistoryAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("GetCaseHistory").WithSummary("Every workflow change of a case: from, to, by whom, when.");
        cases.MapPost("/{id:guid}/status", MoveAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("MoveCase").WithSummary("Move a case in its workflow (new, assessment, case_plan, services_implemented, closed; reopen to assessment). Needs If-Match.");
        cases.MapPut("/{id:guid}/consent", RecordConsentAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("RecordConsent").WithSummary("Record the survivor's consent (for services, referral, reporting) as it now stands. Needs If-Match.");
        cases.MapPut("/{id:guid}/redress", RecordRedressAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("RecordRedress").WithSummary("Record the redress status of a case. Needs If-Match.");
        cases.MapIncidentsApi();
        cases.MapCaseReferralsApi();
        return app;
    }

    public static async Task<Results<Created<CaseSummary>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        CaseRequest request, GrievancesDbContext db, ICurrentPartner partner, SurvivorDataProtector protector, BeneficiaryLinkHasher hasher,
        TimeProvider clock, HttpContext http, ILogger<GrievanceCase> logger, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // Only a beneficiary the caller owns, or sees under a data-sharing agreement, and not erased: anything else is unknown.
        if (request.BeneficiaryId is { } beneficiaryId && !await db.IsVisibleAsync(hasher.Hash(beneficiaryId), partner.PartnerId!, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown beneficiary",
                detail: "beneficiaryId is not a beneficiary of your organisation (or of a partner with a data-sharing agreement with it). A new registration reaches Grievances within seconds.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["beneficiaryId"] = ["is not a beneficiary you may link."] } });
        }

        // Checked against Activities' published programs: a program of another consortium (or not heard of yet) is refused.
        if (request.ProgramId is { } programId && await db.KnownPrograms.RefuseUnlessMemberAsync(programId, partner.PartnerId!, cancellationToken) is { } notYours)
        {
            return notYours;
        }

        var now = clock.GetUtcNow();
        var consent = request.Consent!.Values;
        var grievanceCase = GrievanceCase.Open(Guid.CreateVersion7(now), partner.PartnerId!, partner.Actor(), request.Sex!, request.AgeAtRegistration,
            request.RiskLevel!, request.CaseWorker?.Trim(), consent, now, request.ProgramId);
        protector.Protect(grievanceCase, request.Survivor);
        if (request.BeneficiaryId is { } linked)
        {
            protector.LinkBeneficiary(hasher, grievanceCase, linked);
        }

        db.Cases.Add(grievanceCase);
        db.CaseStatusChanges.Add(CaseStatusChange.Record(grievanceCase, null, partner.Actor(), now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Opened case {SurvivorCode} for partner {PartnerId}", grievanceCase.SurvivorCode, grievanceCase.PartnerId);

        http.Response.Headers.ETag = ETags.Of(grievanceCase.Version);
        return TypedResults.Created($"{Prefix}/cases/{grievanceCase.Id}", CaseSummary.From(grievanceCase));
    }

    public static async Task<Results<Ok<CaseSummary>, NotFound>> GetAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, HttpContext http, CancellationToken cancellationToken)
    {
        var grievanceCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (grievanceCase is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(grievanceCase.Version);
        return TypedResults.Ok(CaseSummary.From(grievanceCase));
    }

    public static async Task<Results<Ok<List<CaseStatusChangeResponse>>, NotFound>> HistoryAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var changes = await db.CaseStatusChanges.AsNoTracking().Where(c => c.CaseId == id).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id)
            .Select(c => new CaseStatusChangeResponse(c.FromStatus, c.ToStatus, c.ChangedBy, c.ChangedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(changes);
    }

    public static async Task<Results<Ok<CaseSummary>, ValidationProblem, NotFound, ProblemHttpResult>> MoveAsync(
        Guid id, StatusRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, GrievancesDbContext db, ICurrentPartner partner,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var (grievanceCase, refusal) = await ForUpdateAsync(id, ifMatch, db, cancellationToken);
        if (grievanceCase is null)
        {
            return refusal!;
        }

        var now = clock.GetUtcNow();
        var from = grievanceCase.Status;
        if (!grievanceCase.MoveTo(request.Status!, now))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The workflow does not allow this step",
                detail: $"A case in '{from}' can move to: {string.Join(", ", CaseWorkflow.Next(from))}.");
        }

        db.CaseStatusChanges.Add(CaseStatusChange.Record(grievanceCase, from, partner.Actor(), now));
        if (grievanceCase.Status == CaseWorkflow.Closed)
        {
            db.AddIntegrationEvent(new GrievanceClosed(grievanceCase.Id, grievanceCase.PartnerId, now, grievanceCase.Version));
        }

        return await SaveAsync(grievanceCase, db, http, cancellationToken);
    }

    public static async Task<Results<Ok<CaseSummary>, ValidationProblem, NotFound, ProblemHttpResult>> RecordRedressAsync(
        Guid id, RedressRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, GrievancesDbContext db, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var (grievanceCase, refusal) = await ForUpdateAsync(id, ifMatch, db, cancellationToken);
        if (grievanceCase is null)
        {
            return refusal!;
        }

        await ApplyRedressAsync(grievanceCase, request, db, now, cancellationToken);
        return await SaveAsync(grievanceCase, db, http, cancellationToken);
    }

    /// <summary>Records the redress on the case and, when redress has just been obtained, publishes <see cref="GrievanceRedressObtained"/> for its owner.</summary>
    internal static async Task ApplyRedressAsync(GrievanceCase grievanceCase, RedressRequest request, GrievancesDbContext db, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (grievanceCase.RecordRedress(request.Status!, request.Kind, request.Date, now))
        {
            var incident = await db.Incidents.AsNoTracking().Where(i => i.CaseId == grievanceCase.Id).OrderByDescending(i => i.RecordedAt)
                .FirstOrDefaultAsync(cancellationToken);
            db.AddIntegrationEvent(new GrievanceRedressObtained(grievanceCase.Id, grievanceCase.PartnerId, grievanceCase.RedressKind!,
                grievanceCase.RedressDate!.Value, incident?.CommunePcode, grievanceCase.Sex, grievanceCase.AgeBand, now, grievanceCase.Version,
                grievanceCase.ProgramId));
        }
    }

    public static async Task<Results<Ok<CaseSummary>, ValidationProblem, NotFound, ProblemHttpResult>> RecordConsentAsync(
        Guid id, ConsentRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, GrievancesDbContext db, ICurrentPartner partner,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate(new ValidationErrors(), "");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var (grievanceCase, refusal) = await ForUpdateAsync(id, ifMatch, db, cancellationToken);
        if (grievanceCase is null)
        {
            return refusal!;
        }

        grievanceCase.RecordConsent(request.Values, partner.Actor(), clock.GetUtcNow());
        return await SaveAsync(grievanceCase, db, http, cancellationToken);
    }

    /// <summary>The caller's case, tracked for a change that must send its ETag in If-Match: or the answer refusing it.</summary>
    private static async Task<(GrievanceCase? Case, Results<Ok<CaseSummary>, ValidationProblem, NotFound, ProblemHttpResult>? Refusal)> ForUpdateAsync(
        Guid id, string? ifMatch, GrievancesDbContext db, CancellationToken cancellationToken)
    {
        var grievanceCase = await db.Cases.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (grievanceCase is null)
        {
            return (null, TypedResults.NotFound());
        }

        return ConcurrentUpdate.Refusal(ifMatch, grievanceCase.Version, "case") is { } precondition ? (null, precondition) : (grievanceCase, null);
    }

    private static async Task<Results<Ok<CaseSummary>, ValidationProblem, NotFound, ProblemHttpResult>> SaveAsync(
        GrievanceCase grievanceCase, GrievancesDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (await ConcurrentUpdate.SaveAsync(db, http, "case", grievanceCase.Version, cancellationToken) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Ok(CaseSummary.From(grievanceCase));
    }
}
