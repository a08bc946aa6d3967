using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Registration;

public sealed record BeneficiaryResponse(
    Guid Id,
    string Code,
    string Kind,
    string GivenName,
    string FamilyName,
    string Sex,
    DateOnly? BirthDate,
    string DisplacementStatus,
    string CommunePcode,
    DateTimeOffset RegisteredAt)
{
    public static BeneficiaryResponse From(Beneficiary b) =>
        new(b.Id, b.Code, b.Kind, b.GivenName, b.FamilyName, b.Sex, b.BirthDate, b.DisplacementStatus, b.CommunePcode, b.RegisteredAt);
}

public static class BeneficiariesApi
{
    public static IEndpointRouteBuilder MapBeneficiariesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/beneficiaries").WithTags("Beneficiaries").Audited("beneficiary");
        api.MapPost("/", Register).RequireScope(Scopes.BeneficiariesWrite).Idempotent();
        api.MapGet("/{id:guid}", GetById).RequireScope(Scopes.BeneficiariesRead).WithName("GetBeneficiary");
        app.MapAuditApi("/api/v1/beneficiaries");
        return app;
    }

    public static async Task<Results<Created<BeneficiaryResponse>, ValidationProblem>> Register(
        RegisterBeneficiaryRequest request, BeneficiariesDbContext db, ICurrentPartner partner, TimeProvider clock, ILogger<Beneficiary> logger, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var beneficiary = Beneficiary.Register(partner.PartnerId!, request, now);
        db.Beneficiaries.Add(beneficiary);
        db.AddIntegrationEvent(new BeneficiaryRegistered(
            beneficiary.Id,
            beneficiary.PartnerId,
            beneficiary.Kind,
            beneficiary.Sex,
            beneficiary.BirthDate?.Year,
            HasDisability: false,
            beneficiary.DisplacementStatus,
            beneficiary.CommunePcode,
            now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Registered beneficiary {Code} for partner {PartnerId}", beneficiary.Code, beneficiary.PartnerId);

        return TypedResults.Created($"/api/v1/beneficiaries/{beneficiary.Id}", BeneficiaryResponse.From(beneficiary));
    }

    public static async Task<Results<Ok<BeneficiaryResponse>, NotFound>> GetById(
        Guid id, BeneficiariesDbContext db, CancellationToken cancellationToken)
    {
        var beneficiary = await db.Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return beneficiary is null ? TypedResults.NotFound() : TypedResults.Ok(BeneficiaryResponse.From(beneficiary));
    }
}
