using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using JusticePlatform.BuildingBlocks.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>Settings under "Identity": where the token issuer publishes its keys, and who the tokens are for.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";
    public const string DefaultAudience = "justice-api";

    /// <summary>Base address of the identity service; defaults to the discovered services:identity:http:0.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = DefaultAudience;

    /// <summary>False only where the identity service is reached over plain HTTP on a private network.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How often the list of revoked clients is read from the identity service (see <see cref="RevokedClients"/>).</summary>
    public TimeSpan RevocationRefresh { get; set; } = TimeSpan.FromSeconds(15);
}

public static class PartnerAuthentication
{
    /// <summary>
    /// Validates partners' JWT access tokens in this process (issuer, audience, lifetime, and
    /// signature against the identity service's published keys) — never trusting a header a
    /// caller could forge — refuses the tokens of disabled clients (<see cref="RevokedClients"/>),
    /// and makes one authorization policy per scope.
    /// </summary>
    public static IHostApplicationBuilder AddPartnerAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var authority = options.Authority ?? builder.Configuration["services:identity:http:0"]
            ?? throw new InvalidOperationException("Identity:Authority is missing: the address of the identity service.");

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.Authority = authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.ValidateIssuer = true;
                jwt.TokenValidationParameters.ValidateAudience = true;
                jwt.TokenValidationParameters.ValidateLifetime = true;
                jwt.TokenValidationParameters.ValidateIssuerSigningKey = true;
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                // New signing keys (a rotation, a restarted issuer) are fetched at once, not after a day.
                jwt.RefreshInterval = TimeSpan.FromSeconds(10);
                jwt.AutomaticRefreshInterval = TimeSpan.FromMinutes(10);
                // A token already validated is reused for a short while; revocation is still checked every time.
                var handlers = jwt.TokenHandlers.ToList();
                jwt.TokenHandlers.Clear();
                foreach (var handler in handlers)
                {
                    jwt.TokenHandlers.Add(new ValidatedTokens(handler));
                }
            });
        RevokedClients.Add(builder, new Uri(authority), options.RevocationRefresh);

        return builder.AddPartnerAuthorization();
    }

    /// <summary>
    /// One authorization policy per scope, and <see cref="ICurrentPartner"/> read from the
    /// validated token's claims — whichever authentication scheme validated it.
    /// </summary>
    public static IHostApplicationBuilder AddPartnerAuthorization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorization(authorization =>
        {
            // An endpoint the application mapped that names no policy is refused to everyone (401
            // without a token, 403 with one): a forgotten declaration cannot open it. Routing's own
            // answers (no endpoint: 404; a wrong method: 405) still reach a partner. Only endpoints
            // marked AllowAnonymous (health, the API document, the token endpoint) are open.
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .RequireClaim(PartnerClaims.PartnerId)
                .RequireAssertion(context => context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
                .Build();

            foreach (var scope in Scopes.All)
            {
                authorization.AddPolicy(scope, policy => policy
                    .RequireAuthenticatedUser()
                    .RequireClaim(PartnerClaims.PartnerId)
                    .RequireAssertion(context => PartnerClaims.Scopes(context.User).Contains(scope)));
            }

            foreach (var anyOf in ScopePolicies.AnyOf)
            {
                var scopes = anyOf.Split(OpenApiDefaults.AnyScopeSeparator);
                authorization.AddPolicy(anyOf, policy => policy
                    .RequireAuthenticatedUser()
                    .RequireClaim(PartnerClaims.PartnerId)
                    .RequireAssertion(context => PartnerClaims.Scopes(context.User).Intersect(scopes).Any()));
            }

            authorization.AddPolicy(ScopePolicies.AnyPartner, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(PartnerClaims.PartnerId));
        });

        // The document's scheme lists every scope a client can be granted, also those that only unlock a field.
        builder.Services.Configure<OpenApiScopes>(openApi => openApi.All.AddRange(Scopes.All.Except(openApi.All).ToList()));
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddScoped<CurrentPartner>();
        builder.Services.TryAddScoped<ICurrentPartner>(services => services.GetRequiredService<CurrentPartner>());
        return builder;
    }

    /// <summary>
    /// The request pipeline every service puts in front of its endpoints: the partner is
    /// authenticated from its token, authorized per endpoint, its input checked, and a create carrying an
    /// Idempotency-Key is answered once.
    /// </summary>
    public static WebApplication UsePartnerRequests(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestInputChecks();
        app.UseIdempotency();
        return app;
    }

    /// <summary>Only callers whose token carries <paramref name="scope"/>: 401 without a valid token, 403 without the scope.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope);

    /// <summary>
    /// Callers whose token carries at least one of <paramref name="scopes"/>: a named policy of
    /// <see cref="ScopePolicies.AnyOf"/> (an unnamed combination stops the service at start-up).
    /// </summary>
    public static TBuilder RequireAnyScope<TBuilder>(this TBuilder builder, params string[] scopes) where TBuilder : IEndpointConventionBuilder
    {
        var name = ScopePolicies.Of(scopes);
        if (!ScopePolicies.AnyOf.Contains(name))
        {
            throw new InvalidOperationException($"No policy '{name}': add it to ScopePolicies.AnyOf.");
        }

        return builder.RequireAuthorization(name);
    }

    /// <summary>
    /// Any partner's token, whatever its scopes: for an endpoint whose answer holds only what that
    /// partner may see whatever it may do. Said out loud so that it is never the accident of a forgotten scope.
    /// </summary>
    public static TBuilder RequireAnyPartnerToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ScopePolicies.AnyPartner);
}

/// <summary>The named authorization policies besides one per scope (<see cref="Scopes"/>).</summary>
public static class ScopePolicies
{
    /// <summary>Any partner's token, whatever its scopes (see <see cref="PartnerAuthentication.RequireAnyPartnerToken"/>).</summary>
    public const string AnyPartner = "any-partner-token";

    /// <summary>Cases, incidents and referrals by categories: read-only or casework clients.</summary>
    public static readonly string GrievanceCategories = Of([Scopes.GrievancesRead, Scopes.GrievancesCasework]);

    /// <summary>Monthly incident counts: the partner's own (read or casework) or every partner's (program officers).</summary>
    public static readonly string GrievanceStatistics = Of([Scopes.GrievancesRead, Scopes.GrievancesCasework, Scopes.ProgramOfficer]);

    /// <summary>Beneficiary counts: the partner's own (read) or every partner's (program officers).</summary>
    public static readonly string BeneficiaryStatistics = Of([Scopes.BeneficiariesRead, Scopes.ProgramOfficer]);

    /// <summary>The gazetteer's places: any partner that may read something of some service.</summary>
    public static readonly IReadOnlyList<string> ReadScopes = [Scopes.BeneficiariesRead, Scopes.ActivitiesRead, Scopes.GrievancesRead, Scopes.FundingRead, Scopes.ProgramOfficer];

    public static readonly string PlaceLookup = Of(ReadScopes);

    /// <summary>Every policy that lets in a token with any one of its scopes.</summary>
    public static readonly IReadOnlyList<string> AnyOf = [GrievanceCategories, GrievanceStatistics, BeneficiaryStatistics, PlaceLookup];

    /// <summary>The name of the policy "any one of these scopes": the scopes joined by " or ", in the order given.</summary>
    public static string Of(IEnumerable<string> scopes) => string.Join(OpenApiDefaults.AnyScopeSeparator, scopes);

    /// <summary>Whether <paramref name="policy"/> is a policy an endpoint may name: a scope, an any-of policy, or the any-partner marker.</summary>
    public static bool IsScopePolicy(string? policy) =>
        policy is not null && (Scopes.All.Contains(policy) || AnyOf.Contains(policy) || policy == AnyPartner);
}
