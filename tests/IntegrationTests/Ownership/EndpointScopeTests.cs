using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Ownership;

public sealed class AllServicesPlatform : PlatformFixture
{
    protected override PlatformOptions Options => new() { Grievances = true, Funding = true };
}

/// <summary>
/// Every endpoint of every service, as each service's routing has it: each names its scope policy,
/// so that a forgotten one is caught here rather than left to a check inside a handler.
/// </summary>
public sealed class EndpointScopeTests(AllServicesPlatform fixture) : IClassFixture<AllServicesPlatform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    /// <summary>Open without a token: health, the OpenAPI document, the token endpoint, and the revoked-client list services read before they hold a token.</summary>
    private static readonly string[] Anonymous =
    [
        "* /health", "* /alive", "GET /openapi/{documentName}.json", "POST /connect/token", "GET " + RevokedClients.Path,
    ];

    /// <summary>Open to any partner's token whatever its scopes, said so with <see cref="PartnerAuthentication.RequireAnyPartnerToken"/>: the code lists, reference data the same for everyone.</summary>
    private static readonly string[] AnyPartnerToken =
        new[] { "beneficiaries", "activities", "grievances", "funding", "identity" }
            .SelectMany(service => new[] { $"GET /api/v1/{service}/code-lists/", $"GET /api/v1/{service}/code-lists/{{name}}" })
            .ToArray();

    [Fact]
    public void Every_endpoint_of_every_service_names_a_scope_policy()
    {
        var endpoints = Endpoints().ToList();

        var unnamed = endpoints.Where(e => !e.IsAnonymous && !e.Policies.Any(ScopePolicies.IsScopePolicy)).Select(e => e.ToString()).ToList();
        var anonymous = endpoints.Where(e => e.IsAnonymous).Select(e => e.Route).Distinct().Order().ToList();
        var anyPartner = endpoints.Where(e => e.Policies.Contains(ScopePolicies.AnyPartner)).Select(e => e.Route).Distinct().Order().ToList();

        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints found");
        Assert.True(unnamed.Count == 0, "Endpoints that name no scope policy:\n" + string.Join('\n', unnamed));
        Assert.Equal(Anonymous.Order(), anonymous);
        Assert.Equal(AnyPartnerToken.Order(), anyPartner);
    }

    private IEnumerable<Described> Endpoints()
    {
        var services = new (string Name, IServiceProvider? Services)[]
        {
            ("identity", _platform.Identity.Services), ("beneficiaries", _platform.Beneficiaries.Services),
            ("activities", _platform.Activities?.Services), ("grievances", _platform.Grievances?.Services), ("funding", _platform.Funding?.Services),
        };
        foreach (var (name, provider) in services)
        {
            Assert.NotNull(provider);
            foreach (var endpoint in provider!.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
                var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
                var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                foreach (var method in methods)
                {
                    yield return new Described(name, $"{method} /{endpoint.RoutePattern.RawText?.TrimStart('/')}", anonymous, policies);
                }
            }
        }
    }

    private sealed record Described(string Service, string Route, bool IsAnonymous, IReadOnlyList<string> Policies)
    {
        public override string ToString() => $"{Service}: {Route} [{string.Join(", ", Policies)}]";
    }
}
