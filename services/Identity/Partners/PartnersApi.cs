using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Identity.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Identity.Partners;

public sealed record RegisterPartnerRequest([property: MaxLength(50)] string? Id, [property: MaxLength(200)] string? Name, [property: MaxLength(100)] string? IatiIdentifier);

public sealed record RegisterClientRequest([property: MaxLength(200)] string? DisplayName, [property: MaxLength(50), ItemMaxLength(100)] string[]? Scopes);

/// <summary>Whether a client may get tokens; a disabled client's tokens are refused within a minute.</summary>
public sealed record ClientStatus(string ClientId, bool Disabled);

/// <summary>A client's new secret, shown this once.</summary>
public sealed record RotatedSecret(string ClientId, string ClientSecret);

public sealed record PartnerResponse(string Id, string Name, string? IatiIdentifier, DateTimeOffset RegisteredAt, bool Disabled)
{
    public static PartnerResponse From(Partner p) => new(p.Id, p.Name, p.IatiIdentifier, p.RegisteredAt, p.Disabled);
}

/// <summary>How many partners were announced to the services again.</summary>
public sealed record PartnersAnnounced(int Partners);

/// <summary>The administrators' API: partners and their API clients. A client's secret is shown once, at creation.</summary>
public static partial class PartnersApi
{
    public static IEndpointRouteBuilder MapPartnersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/identity/partners")
            .WithTags("Partners")
            .RequireAuthorization(Scopes.Admin)
            .Audited("partner");
        api.MapPost("/", RegisterPartnerAsync).WithName("RegisterPartner").WithSummary("Register a partner organisation")
            .WithDescription("The id becomes the partner_id in its clients' tokens: lower-case letters, digits and dashes.");
        api.MapGet("/", ListAsync).WithName("ListPartners").WithSummary("List partner organisations");
        api.MapGet("/{id}", GetAsync).WithName("GetPartner").WithSummary("Read a partner organisation");
        api.MapPost("/{id}/disable", DisablePartnerAsync).WithName("DisablePartner").WithSummary("Disable a partner organisation")
            .WithDescription("Its clients get no more tokens and the tokens they hold are refused within a minute; the services refuse to refer, " +
                             "share or give anything to it, and what was referred to it is not readable while it stays disabled.");
        api.MapPost("/{id}/enable", EnablePartnerAsync).WithName("EnablePartner").WithSummary("Enable a disabled partner organisation")
            .WithDescription("Its clients may ask for tokens again; those issued before it was disabled stay refused.");
        api.MapPost("/announcements", AnnounceAsync).WithName("AnnouncePartners").WithSummary("Announce every partner to the services again")
            .WithDescription("Publishes each partner's present state (registered, or disabled) once more, for a service whose list of partners " +
                             "missed it: the first start after an upgrade, a new service, a restored database. Safe to repeat.");
        api.MapPost("/{id}/clients", RegisterClientAsync).WithName("RegisterClient").WithSummary("Register an API client for a partner")
            .WithDescription("Answers the client id and its secret. The secret is shown this once and stored hashed.");
        api.MapPost("/{id}/clients/{clientId}/disable", DisableClientAsync).WithName("DisableClient").WithSummary("Disable an API client")
            .WithDescription("The client gets no more tokens, and the tokens it holds are refused within a minute.");
        api.MapPost("/{id}/clients/{clientId}/enable", EnableClientAsync).WithName("EnableClient").WithSummary("Enable a disabled API client")
            .WithDescription("The client may ask for tokens again; those issued before it was disabled stay refused.");
        api.MapPost("/{id}/clients/{clientId}/secret", RotateSecretAsync).WithName("RotateClientSecret").WithSummary("Give an API client a new secret")
            .WithDescription("Answers the new secret, shown this once. The old secret stops working at once, and tokens issued before are refused within a minute.");
        app.MapAuditApi("/api/v1/identity");
        app.MapCodeListsApi("/api/v1/identity");
        return app;
    }

    public static async Task<Results<Created<PartnerResponse>, ValidationProblem, ProblemHttpResult>> RegisterPartnerAsync(
        RegisterPartnerRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Limits(request)
            .Required("id", request.Id)
            .Required("name", request.Name);
        if (request.Id is { Length: > 0 } id && !PartnerIdPattern().IsMatch(id))
        {
            errors.Add("id", "must be lower-case letters, digits and dashes, such as 'stop-sahel'.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await db.Partners.AnyAsync(p => p.Id == request.Id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The partner exists already",
                detail: $"A partner with the id '{request.Id}' is registered.");
        }

        var partner = Partner.Register(db, request.Id!, request.Name!.Trim(), request.IatiIdentifier, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/identity/partners/{partner.Id}", PartnerResponse.From(partner));
    }

    public static async Task<Results<Ok<PagedResult<PartnerResponse>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var paging = new PageRequest(page, pageSize);
        var errors = new ValidationErrors();
        paging.Validate(errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var partners = await db.Partners.AsNoTracking().OrderBy(p => p.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(partners.Map(PartnerResponse.From));
    }

    public static async Task<Results<Ok<PartnerResponse>, NotFound>> GetAsync(string id, IdentityDbContext db, CancellationToken cancellationToken) =>
        await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } partner
            ? TypedResults.Ok(PartnerResponse.From(partner))
            : TypedResults.NotFound();

    public static async Task<Results<Created<PartnerRegistry.IssuedClient>, ValidationProblem, NotFound>> RegisterClientAsync(
        string id, RegisterClientRequest request, IdentityDbContext db, PartnerRegistry registry, CancellationToken cancellationToken)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var errors = new ValidationErrors().Limits(request).Required("displayName", request.DisplayName);
        if (request.Scopes is not { Length: > 0 })
        {
            errors.Add("scopes", $"name at least one of: {string.Join(", ", Scopes.All)}.");
        }
        else
        {
            errors.EachOneOf("scopes", request.Scopes, ScopeCodes.All);
            if (request.Scopes.Contains(Scopes.Admin) && id != BootstrapAdministrator.PlatformPartner)
            {
                // An administrator sees and changes every partner's settings: never a partner's own client.
                errors.Add("scopes", $"{Scopes.Admin} is given only to the platform's own clients (partner '{BootstrapAdministrator.PlatformPartner}').");
            }
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // OpenIddict saves the application itself; the audit entry follows in this context.
        var client = await registry.RegisterClientAsync(id, request.DisplayName!, request.Scopes!, cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/identity/partners/{id}/clients/{client.ClientId}", client);
    }

    public static Task<Results<Ok<PartnerResponse>, NotFound, ProblemHttpResult>> DisablePartnerAsync(
        string id, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        SetPartnerDisabledAsync(id, true, db, clock, cancellationToken);

    public static Task<Results<Ok<PartnerResponse>, NotFound, ProblemHttpResult>> EnablePartnerAsync(
        string id, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        SetPartnerDisabledAsync(id, false, db, clock, cancellationToken);

    public static async Task<Ok<PartnersAnnounced>> AnnounceAsync(IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var partners = await db.Partners.ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        partners.ForEach(partner => partner.Announce(db, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PartnersAnnounced(partners.Count));
    }

    private static async Task<Results<Ok<PartnerResponse>, NotFound, ProblemHttpResult>> SetPartnerDisabledAsync(
        string id, bool disabled, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Partners.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } partner)
        {
            return TypedResults.NotFound();
        }

        if (disabled && partner.Id == BootstrapAdministrator.PlatformPartner)
        {
            // The administrators would lock themselves out; disable a single client of theirs instead.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The platform's own partner cannot be disabled",
                detail: "Disable one of its clients instead.");
        }

        partner.SetDisabled(db, disabled, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The partner was changed at the same time", detail: "Try again.");
        }

        return TypedResults.Ok(PartnerResponse.From(partner));
    }

    public static async Task<Results<Ok<ClientStatus>, NotFound>> DisableClientAsync(
        string id, string clientId, IdentityDbContext db, PartnerRegistry registry, CancellationToken cancellationToken) =>
        await SetDisabledAsync(id, clientId, true, db, registry, cancellationToken);

    public static async Task<Results<Ok<ClientStatus>, NotFound>> EnableClientAsync(
        string id, string clientId, IdentityDbContext db, PartnerRegistry registry, CancellationToken cancellationToken) =>
        await SetDisabledAsync(id, clientId, false, db, registry, cancellationToken);

    public static async Task<Results<Ok<RotatedSecret>, NotFound>> RotateSecretAsync(
        string id, string clientId, IdentityDbContext db, PartnerRegistry registry, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(id, clientId, cancellationToken) is not { } client)
        {
            return TypedResults.NotFound();
        }

        var secret = await registry.RotateSecretAsync(client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new RotatedSecret(clientId, secret));
    }

    private static async Task<Results<Ok<ClientStatus>, NotFound>> SetDisabledAsync(
        string id, string clientId, bool disabled, IdentityDbContext db, PartnerRegistry registry, CancellationToken cancellationToken)
    {
        // Another partner's client answers as if it did not exist.
        if (await registry.FindAsync(id, clientId, cancellationToken) is not { } client)
        {
            return TypedResults.NotFound();
        }

        await registry.SetDisabledAsync(client, disabled, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ClientStatus(clientId, disabled));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,49}$")]
    private static partial Regex PartnerIdPattern();
}
