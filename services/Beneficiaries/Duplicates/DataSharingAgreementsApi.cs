using System.ComponentModel.DataAnnotations;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Beneficiaries.Duplicates;

public sealed record DataSharingAgreementRequest([property: MaxLength(DataSharingAgreementRequest.MaxPartners), ItemMaxLength(100)] IReadOnlyList<string>? Partners)
{
    public const int MaxPartners = 50;
}

public sealed record DataSharingAgreementResponse(Guid Id, IReadOnlyList<string> Partners, DateTimeOffset RecordedAt, DateTimeOffset? EndedAt)
{
    public static DataSharingAgreementResponse From(DataSharingAgreement a) => new(a.Id, [a.FirstPartnerId, a.SecondPartnerId], a.RecordedAt, a.EndedAt);
}

/// <summary>
/// Administrators record (and end) the data-sharing agreements between two partners, once both
/// have consented. Only then are the two partners' beneficiaries matched against each other.
/// Every change is audited.
/// </summary>
public static class DataSharingAgreementsApi
{
    public static IEndpointRouteBuilder MapDataSharingAgreementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/beneficiaries/data-sharing-agreements")
            .WithTags("Data-sharing agreements")
            .Audited("data_sharing_agreement", sensitiveReads: true)
            .RequireScope(Scopes.Admin);
        api.MapPost("/", RecordAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RecordDataSharingAgreement").WithSummary("Record that two registered, enabled partners agreed to match their beneficiaries (else 422)");
        api.MapGet("/", ListAsync).WithName("ListDataSharingAgreements").WithSummary("List data-sharing agreements");
        api.MapPost("/{id:guid}/end", EndAsync).WithName("EndDataSharingAgreement").WithSummary("End a data-sharing agreement").WithAuditAction("end");
        api.MapAgreementMatchingApi();
        return app;
    }

    private static async Task<Results<Created<DataSharingAgreementResponse>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        DataSharingAgreementRequest request, BeneficiariesDbContext db, ICurrentPartner caller, TimeProvider clock, AgreementMatchingSignal matching,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var partners = request.Partners?.Select(p => p?.Trim() ?? "").ToList() ?? [];
        if (partners.Count != 2 || partners.Any(p => p.Length is 0 or > 100) || partners[0] == partners[1])
        {
            errors.Add("partners", "must name two different partner ids.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // An agreement with an id no partner holds yet would match beneficiaries for whoever registers it later.
        var notEnabled = await db.KnownPartners.NotEnabledAsync(partners, cancellationToken);
        if (notEnabled.Count > 0)
        {
            return KnownPartners.NotEnabledProblem([.. notEnabled.Select(p => $"partners[{partners.IndexOf(p)}]")]);
        }

        var agreement = DataSharingAgreement.Record(partners[0], partners[1], caller.ClientId ?? caller.PartnerId!, clock.GetUtcNow());
        if (await db.DataSharingAgreements.AnyAsync(a => a.EndedAt == null
                && a.FirstPartnerId == agreement.FirstPartnerId && a.SecondPartnerId == agreement.SecondPartnerId, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An agreement between these partners is already active");
        }

        db.DataSharingAgreements.Add(agreement);
        db.AddIntegrationEvent(new DataSharingAgreementRecorded(agreement.Id, agreement.FirstPartnerId, agreement.SecondPartnerId, agreement.RecordedAt));
        db.AgreementMatchings.Add(AgreementMatching.Of(agreement));
        await db.SaveChangesAsync(cancellationToken);
        matching.Notify();
        return TypedResults.Created($"/api/v1/beneficiaries/data-sharing-agreements/{agreement.Id}", DataSharingAgreementResponse.From(agreement));
    }

    private static async Task<Ok<List<DataSharingAgreementResponse>>> ListAsync(BeneficiariesDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.DataSharingAgreements.AsNoTracking().OrderBy(a => a.RecordedAt).ToListAsync(cancellationToken))
            .Select(DataSharingAgreementResponse.From).ToList());

    private static async Task<Results<Ok<DataSharingAgreementResponse>, NotFound>> EndAsync(
        Guid id, BeneficiariesDbContext db, ICurrentPartner caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var agreement = await db.DataSharingAgreements.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agreement is null)
        {
            return TypedResults.NotFound();
        }

        var wasActive = agreement.IsActive;
        agreement.End(caller.ClientId ?? caller.PartnerId!, clock.GetUtcNow());
        if (wasActive)
        {
            db.AddIntegrationEvent(new DataSharingAgreementEnded(agreement.Id, agreement.FirstPartnerId, agreement.SecondPartnerId, agreement.EndedAt!.Value));
        }

        await db.SaveChangesAsync(cancellationToken);
        await AgreementMatching.StopAsync(db, agreement, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(DataSharingAgreementResponse.From(agreement));
    }
}
