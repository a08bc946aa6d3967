using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Registration;

public sealed record BeneficiaryListQuery(
    string? Commune, string? Sex, string? AgeBand, string? DisplacementStatus, string? Category, string? Kind,
    DateTimeOffset? RegisteredFrom, DateTimeOffset? RegisteredTo, int? Page, int? PageSize);

/// <summary>GET /api/v1/beneficiaries: the caller's own records, filtered and paged, newest first.</summary>
public static class BeneficiaryList
{
    public static async Task<Results<Ok<PagedResult<BeneficiaryResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] BeneficiaryListQuery query, BeneficiariesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var paging = new PageRequest(query.Page, query.PageSize);
        var errors = new ValidationErrors()
            .OneOf("sex", query.Sex, Categories.Sexes, required: false)
            .OneOf("displacementStatus", query.DisplacementStatus, Categories.DisplacementStatuses, required: false)
            .OneOf("kind", query.Kind, Categories.Kinds, required: false)
            .OneOf("ageBand", query.AgeBand, AgeBands.Codes, required: false)
            .OneOf("category", query.Category, Categories.ListCategories, required: false);
        paging.Validate(errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var records = db.IncludingShared<Beneficiary>().AsNoTracking().Where(b => b.Status != BeneficiaryStatus.Merged);
        if (query.Commune is { } commune) records = records.Where(b => b.CommunePcode == commune);
        if (query.Sex is { } sex) records = records.Where(b => b.Sex == sex);
        if (query.Kind is { } kind) records = records.Where(b => b.Kind == kind);
        if (query.DisplacementStatus is { } displacement) records = records.Where(b => b.DisplacementStatus == displacement);
        if (query.Category is { } category) records = records.Where(b => b.Vulnerabilities.Contains(category) || b.Roles.Contains(category));
        if (query.RegisteredFrom is { } from) records = records.Where(b => b.RegisteredAt >= from);
        if (query.RegisteredTo is { } to) records = records.Where(b => b.RegisteredAt < to);
        if (query.AgeBand == AgeBands.Unknown)
        {
            records = records.Where(b => b.ReferenceBirthDate == null);
        }
        else if (query.AgeBand is { } label && AgeBands.Find(label) is { } band)
        {
            // Bands are turned into birth-date ranges for today, so the filter runs in the database.
            var (bornAfter, bornOnOrBefore) = band.BirthDates(today);
            records = records.Where(b => b.ReferenceBirthDate <= bornOnOrBefore);
            if (bornAfter is { } after) records = records.Where(b => b.ReferenceBirthDate > after);
        }

        var page = await records.OrderByDescending(b => b.RegisteredAt).ThenBy(b => b.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(page.Map(b => BeneficiaryResponse.From(b, today)));
    }
}
