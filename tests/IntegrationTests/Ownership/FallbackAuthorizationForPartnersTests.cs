using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JusticePlatform.IntegrationTests.Ownership;

/// <summary>A service's authorization with a partner signed in holding every scope, and an endpoint whose author forgot to name a policy.</summary>
public sealed class FallbackAuthorizationForPartnersTests : IAsyncLifetime
{
    private const string Scheme = "every-scope-partner";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, EveryScopePartner>(Scheme, _ => { });
        builder.AddPartnerAuthorization();

        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/forgotten", () => "every partner's data");
        _app.MapGet("/declared", () => "own data").RequireScope(Scopes.BeneficiariesRead);
        _app.MapGet("/declared-any-partner", () => "own data").RequireAnyPartnerToken();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_endpoint_that_names_no_policy_is_refused_even_to_a_partner_holding_every_scope()
    {
        var response = await _client.GetAsync("/forgotten");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("partner", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Endpoints_that_name_their_policy_answer_and_routings_own_404_and_405_still_reach_a_partner()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/declared")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/declared-any-partner")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/nothing-here")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _client.DeleteAsync("/declared")).StatusCode);
    }

    private sealed class EveryScopePartner(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var identity = new ClaimsIdentity(
                [new Claim(PartnerClaims.PartnerId, "amss"), new Claim(PartnerClaims.Scope, string.Join(' ', Scopes.All))], Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }
    }
}
