using JusticePlatform.Beneficiaries.BulkUpload;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Erasure;
using JusticePlatform.Beneficiaries.Places;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.Beneficiaries.Statistics;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Registration;

public static class BeneficiariesApi
{
    public static IEndpointRouteBuilder MapBeneficiariesApi(this IEndpointRouteBuilder app)
    {
        // Reads of a person's record (and lists of them) are audited like the writes.
        var api = app.MapGroup("/api/v1/beneficiaries").WithTags("Beneficiaries").Audited("beneficiary", sensitiveReads: true);
        api.MapPost("/", RegisterAsync).RequireScope(Scopes.BeneficiariesWrite).Idempotent()
            .WithName("RegisterBeneficiary").WithSummary("Register a person or a group")
            .WithDescription("Answers likely duplicates across partners without revealing their data.");
        api.MapGet("/", BeneficiaryList.ListAsync).RequireScope(Scopes.BeneficiariesRead)
            .WithName("ListBeneficiaries").WithSummary("List the partner's beneficiaries, filtered and paged");
        api.MapGet("/export", BeneficiaryExport.ExportAsync).RequireScope(Scopes.BeneficiariesRead)
            .WithName("ExportBeneficiaries").WithSummary("Export the partner's own beneficiaries as CSV")
            .WithDescription("Personal data: the export is audited and never cached. Cells that a spreadsheet would run as a formula start with a quote.")
            .WithAuditAction("export")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.BeneficiariesRead).WithName("GetBeneficiary")
            .WithSummary("Read a beneficiary");
        api.MapPut("/{id:guid}", BeneficiaryUpdate.UpdateAsync).RequireScope(Scopes.BeneficiariesWrite)
            .WithName("UpdateBeneficiary").WithSummary("Update a beneficiary")
            .WithDescription("Send the ETag of your last read in If-Match: 428 without it, 412 when someone changed the record since.");
        api.MapMergeApi();
        api.MapErasureApi();
        api.MapImportsApi(BeneficiaryImports.KindName, "Beneficiary", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        api.MapStatisticsApi();
        return app;
    }

    public static async Task<Results<Created<BeneficiaryResponse>, ValidationProblem>> RegisterAsync(
        BeneficiaryRequest request, BeneficiariesDbContext db, ICurrentPartner partner, MaliGazetteer gazetteer, MatchKeys keys, TimeProvider clock,
        HttpContext http, ILogger<Beneficiary> logger, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = request.Validate(today, gazetteer);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        gazetteer.TryFindCommune(request.CommunePcode, out var commune);
        var beneficiary = Beneficiary.Register(partner.PartnerId!, request, commune, gazetteer.Version, keys, now);
        db.Beneficiaries.Add(beneficiary);

        var duplicates = (await DuplicateFinder.FindAsync(db, [beneficiary], now, cancellationToken)).GetValueOrDefault(beneficiary.Id) ?? [];
        db.DuplicateFlags.AddRange(duplicates.Select(d => DuplicateFlag.Create(beneficiary.Id, d, now)));
        db.AddIntegrationEvent(BeneficiaryEvents.Registered(beneficiary));

        // The answer is known before the commit: with an Idempotency-Key, it commits with the registration.
        var location = $"/api/v1/beneficiaries/{beneficiary.Id}";
        var response = BeneficiaryResponse.From(beneficiary, today, duplicates);
        http.Response.Headers.ETag = ETags.Of(beneficiary.Version);
        http.RecordBeforeCommit(db, StatusCodes.Status201Created, location, response);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Registered beneficiary {Code} for partner {PartnerId}", beneficiary.Code, beneficiary.PartnerId);

        return TypedResults.Created(location, response);
    }

    public static async Task<Results<Ok<BeneficiaryResponse>, NotFound>> GetAsync(
        Guid id, BeneficiariesDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        // The record and its review items in one round trip. Review items in both directions, but only
        // with the owner's own records or those of a partner it has an active data-sharing agreement
        // with: an ended agreement hides them again. The agreements are checked in the same query.
        var others = db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]);
        var read = await db.IncludingShared<Beneficiary>().AsNoTracking().Where(b => b.Id == id)
            .Select(b => new
            {
                Beneficiary = b,
                Duplicates = db.DuplicateFlags.Where(f => f.BeneficiaryId == id || f.MatchedId == id)
                    .Select(f => new { OtherId = f.BeneficiaryId == id ? f.MatchedId : f.BeneficiaryId, f.MatchedOn })
                    .Join(others, f => f.OtherId, o => o.Id,
                        (f, o) => new { f.OtherId, o.Code, o.PartnerId, f.MatchedOn, o.Status })
                    .Where(d => d.Status == BeneficiaryStatus.Active
                        && (d.PartnerId == b.PartnerId
                            || db.DataSharingAgreements.Any(a => a.EndedAt == null
                                && ((a.FirstPartnerId == b.PartnerId && a.SecondPartnerId == d.PartnerId)
                                    || (a.SecondPartnerId == b.PartnerId && a.FirstPartnerId == d.PartnerId)))))
                    .ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (read is null)
        {
            return TypedResults.NotFound();
        }

        var beneficiary = read.Beneficiary;
        http.Response.Headers.ETag = ETags.Of(beneficiary.Version);
        return TypedResults.Ok(BeneficiaryResponse.From(beneficiary, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            read.Duplicates.DistinctBy(d => d.OtherId).Select(d => new PossibleDuplicate(d.OtherId, d.Code, d.PartnerId == beneficiary.PartnerId, d.MatchedOn.Split(','))).ToList()));
    }
}
