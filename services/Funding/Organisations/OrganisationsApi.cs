using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Organisations;

/// <summary>/api/v1/funding/organisations: the partner's directory of donors and implementing organisations.</summary>
public static class OrganisationsApi
{
    public static IEndpointRouteBuilder MapOrganisationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/funding/organisations").WithTags("Organisations").Audited("organisation");
        api.MapPost("/", CreateAsync).RequireScope(Scopes.FundingWrite).Idempotent()
            .WithName("CreateOrganisation").WithSummary("Adds a donor or implementing organisation, with its IATI identifier");
        api.MapGet("/", ListAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListOrganisations").WithSummary("The partner's organisations, paged");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.FundingRead)
            .WithName("GetOrganisation").WithSummary("One organisation, with its ETag");
        api.MapPut("/{id:guid}", UpdateAsync).RequireScope(Scopes.FundingWrite)
            .WithName("UpdateOrganisation").WithSummary("Changes an organisation (If-Match required)");
        return app;
    }

    public static async Task<Results<Created<OrganisationResponse>, ValidationProblem>> CreateAsync(
        OrganisationRequest request, FundingDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var organisation = Organisation.Create(request, clock.GetUtcNow());
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ETags.Of(organisation.Version);
        return TypedResults.Created($"/api/v1/funding/organisations/{organisation.Id}", OrganisationResponse.From(organisation));
    }

    public static async Task<Results<Ok<PagedResult<OrganisationResponse>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ThenBy(o => o.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(OrganisationResponse.From));
    }

    public static async Task<Results<Ok<OrganisationResponse>, NotFound>> GetAsync(Guid id, FundingDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(organisation.Version);
        return TypedResults.Ok(OrganisationResponse.From(organisation));
    }

    public static async Task<Results<Ok<OrganisationResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, OrganisationRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, FundingDbContext db, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            return ETags.Required("organisation");
        }

        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return TypedResults.NotFound();
        }

        if (ConcurrentUpdate.Refusal(ifMatch, organisation.Version, "organisation") is { } precondition)
        {
            return precondition;
        }

        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        organisation.Update(request);
        if (await ConcurrentUpdate.SaveAsync(db, http, "organisation", organisation.Version, cancellationToken) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Ok(OrganisationResponse.From(organisation));
    }
}
