using System.Net;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.IntegrationTests.Ownership;

/// <summary>A service's pipeline, with an endpoint whose author forgot to say who may call it.</summary>
public sealed class FallbackAuthorizationTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Identity:Authority"] = "http://127.0.0.1:9";
        builder.Configuration["Identity:RequireHttpsMetadata"] = "false";
        builder.AddPartnerAuthentication();

        _app = builder.Build();
        _app.UsePartnerRequests();
        _app.MapGet("/forgotten", () => "every partner's data");
        _app.MapGet("/declared-open", () => "open").AllowAnonymous();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_endpoint_added_without_a_scope_requirement_answers_401_to_an_anonymous_caller()
    {
        var response = await _client.GetAsync("/forgotten");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("partner", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_endpoint_declared_anonymous_stays_open()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/declared-open")).StatusCode);
    }

    [Fact]
    public async Task A_path_that_matches_no_endpoint_answers_401_to_an_anonymous_caller()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/v1/nothing-here")).StatusCode);
    }
}
