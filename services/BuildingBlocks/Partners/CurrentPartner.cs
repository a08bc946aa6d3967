using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>The partner organisation (and its API client) on whose behalf the current request runs.</summary>
public interface ICurrentPartner
{
    /// <summary>The partner of the request or of the work declared on its behalf; null otherwise, and then no owned row is visible.</summary>
    string? PartnerId { get; }

    string? ClientId { get; }

    /// <summary>
    /// True only for work that declared itself as the platform's own (consumers, workers,
    /// maintenance): it sees every partner's rows. Never true in a partner's request.
    /// </summary>
    bool IsSystem { get; }

    bool HasScope(string scope);
}

/// <summary>Claim names in the access tokens the identity service issues.</summary>
public static class PartnerClaims
{
    public const string PartnerId = "partner_id";
    public const string ClientId = "client_id";
    public const string Scope = "scope";

    /// <summary>
    /// When the token was issued, in Unix milliseconds: <c>iat</c> has whole seconds only, too coarse
    /// to tell a token issued just before a secret rotation from one issued just after it.
    /// </summary>
    public const string IssuedAtMilliseconds = "iat_ms";

    public static IEnumerable<string> Scopes(ClaimsPrincipal user) =>
        user.FindAll(Scope).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>The scopes a partner's client can be granted.</summary>
public static class Scopes
{
    public const string BeneficiariesRead = "beneficiaries.read";
    public const string BeneficiariesWrite = "beneficiaries.write";
    public const string ActivitiesRead = "activities.read";
    public const string ActivitiesWrite = "activities.write";
    /// <summary>Cases and incidents without identity, contact or narrative: survivor codes and categories only.</summary>
    public const string GrievancesRead = "grievances.read";

    /// <summary>Creating and changing cases, and reading the details (identity, contact, narratives) of the partner's own cases.</summary>
    public const string GrievancesCasework = "grievances.casework";

    /// <summary>Referring a case without the survivor's consent for referral: a separate, recorded permission.</summary>
    public const string GrievancesConsentOverride = "grievances.consent_override";
    public const string FundingRead = "funding.read";
    public const string FundingWrite = "funding.write";

    /// <summary>Figures across all partners, for program officers and donors.</summary>
    public const string ProgramOfficer = "reports.all_partners";

    public const string Admin = "admin";

    public static readonly string[] All =
    [
        BeneficiariesRead, BeneficiariesWrite, ActivitiesRead, ActivitiesWrite, GrievancesRead, GrievancesCasework, GrievancesConsentOverride,
        FundingRead, FundingWrite, ProgramOfficer, Admin,
    ];
}

/// <summary>
/// The caller of one scope: the partner whose token the request carries, or work that declared
/// itself (<see cref="ActAsSystem"/>, <see cref="ActOnBehalfOf"/>). Without either, it is nobody:
/// ownership filters then return no rows, so code that forgets to declare itself sees nothing.
/// </summary>
public sealed class CurrentPartner(IHttpContextAccessor accessor) : ICurrentPartner
{
    private string? _onBehalfOf;

    private ClaimsPrincipal? User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public string? PartnerId => _onBehalfOf ?? User?.FindFirst(PartnerClaims.PartnerId)?.Value;

    public string? ClientId => _onBehalfOf is null ? User?.FindFirst(PartnerClaims.ClientId)?.Value ?? User?.FindFirst("sub")?.Value : null;

    public bool IsSystem { get; private set; }

    public bool HasScope(string scope) => _onBehalfOf is null && User is { } user && PartnerClaims.Scopes(user).Contains(scope);

    /// <summary>Declares this scope's work as the platform's own: it sees and changes every partner's rows.</summary>
    public void ActAsSystem()
    {
        EnsureOutsideRequest();
        IsSystem = true;
    }

    /// <summary>Declares this scope's work as done for one partner (a queued job it submitted): it sees only that partner's rows.</summary>
    public void ActOnBehalfOf(string partnerId)
    {
        EnsureOutsideRequest();
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        _onBehalfOf = partnerId;
    }

    // A partner's request must never widen or switch its own view.
    private void EnsureOutsideRequest()
    {
        if (accessor.HttpContext is not null)
        {
            throw new InvalidOperationException("A request runs as its caller's partner; only background work declares who it acts for.");
        }
    }
}

/// <summary>Scopes for background work, declared as what they are.</summary>
public static class SystemWork
{
    /// <summary>A scope whose work is the platform's own (a consumer, a worker, maintenance): it sees every partner's rows.</summary>
    public static AsyncServiceScope CreateSystemScope(this IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentPartner>().ActAsSystem();
        return scope;
    }

    /// <summary>
    /// Runs <paramref name="work"/> as the platform's own work, apart from the current request: for
    /// the rare change a request may make beyond its caller's rows because every owner concerned
    /// agreed to it (a merge across two partners that both asked for). Say why where it is called.
    /// </summary>
    public static async Task RunAsSystemAsync(this IServiceScopeFactory scopes, Func<IServiceProvider, Task> work)
    {
        Task running;
        // The request's context (and with it its partner) must not flow into the platform's work.
        using (ExecutionContext.SuppressFlow())
        {
            running = Task.Run(async () =>
            {
                await using var scope = scopes.CreateSystemScope();
                await work(scope.ServiceProvider);
            });
        }

        await running;
    }

    /// <summary>A scope whose work is done for one partner: it sees that partner's rows only.</summary>
    public static AsyncServiceScope CreatePartnerScope(this IServiceScopeFactory scopes, string partnerId)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentPartner>().ActOnBehalfOf(partnerId);
        return scope;
    }
}
