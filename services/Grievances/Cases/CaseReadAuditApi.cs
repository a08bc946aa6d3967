using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Cases;

/// <summary>
/// One read of survivor data of one of the caller's cases: who (partner and client), when, with
/// which outcome; through the case's own details, or through a referral by its receiver.
/// </summary>
public sealed record CaseRead(
    DateTimeOffset At,
    string PartnerId,
    string ClientId,
    Guid CaseId,
    string SurvivorCode,
    Guid? ReferralId,
    string Outcome,
    int StatusCode);

/// <summary>
/// GET /api/v1/grievances/audit/case-reads: a partner sees who read the survivor data of its own
/// cases, whoever read it, its own case workers or the receivers of its referrals. It is drawn
/// from the service's audit trail, restricted to the caller's cases and the referrals it sent,
/// so another partner's cases never appear.
/// </summary>
public static class CaseReadAuditApi
{
    public static IEndpointRouteBuilder MapCaseReadAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{CasesApi.Prefix}/audit/case-reads", ListAsync).WithTags("Audit").RequireScope(Scopes.GrievancesCasework)
            .WithName("ListCaseReads")
            .WithSummary("Who read the survivor data of the partner's own cases (its case workers and its referrals' receivers), newest first, paged.");
        return app;
    }

    public sealed record CaseReadQuery(Guid? CaseId, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);

    public static async Task<Results<Ok<PagedResult<CaseRead>>, ValidationProblem>> ListAsync(
        [AsParameters] CaseReadQuery query, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(query.Page, query.PageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var me = partner.PartnerId!;
        // The ownership filter keeps the caller's cases; referrals are filtered by their sender.
        var myCases = db.Cases.AsNoTracking();
        var mySentReferrals = db.Referrals.AsNoTracking().Where(r => r.FromPartnerId == me);
        if (query.CaseId is { } caseId)
        {
            myCases = myCases.Where(c => c.Id == caseId);
            mySentReferrals = mySentReferrals.Where(r => r.CaseId == caseId);
        }

        var reads = db.AuditEntries.AsNoTracking().Where(a => a.Action == "read"
            && ((a.Resource == CaseDetailsApi.AuditResource && myCases.Any(c => c.Id.ToString() == a.ResourceId))
                || (a.Resource == ReferralsApi.ReferredCaseAuditResource && mySentReferrals.Any(r => r.Id.ToString() == a.ResourceId))));
        if (query.From is { } from) reads = reads.Where(a => a.At >= from);
        if (query.To is { } to) reads = reads.Where(a => a.At < to);
        var page = await reads.OrderByDescending(a => a.At).ThenBy(a => a.Id).ToPageAsync(paging, cancellationToken);

        // Name the case of each read of this page: a receiver's read is recorded against its referral.
        var ids = page.Items.Select(a => Guid.Parse(a.ResourceId!)).Distinct().ToList();
        var referralCases = await mySentReferrals.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.CaseId, cancellationToken);
        var caseIds = ids.Concat(referralCases.Values).Distinct().ToList();
        var codes = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.SurvivorCode, cancellationToken);
        return TypedResults.Ok(page.Map(a =>
        {
            var id = Guid.Parse(a.ResourceId!);
            var viaReferral = a.Resource == ReferralsApi.ReferredCaseAuditResource;
            var caseOfRead = viaReferral ? referralCases[id] : id;
            return new CaseRead(a.At, a.PartnerId, a.ClientId, caseOfRead, codes[caseOfRead], viaReferral ? id : null, a.Outcome, a.StatusCode);
        }));
    }
}
