using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

public sealed class GatewayTests : IAsyncLifetime
{
    private const int PermitLimit = 5;
    private readonly LogCapture _beneficiariesLogs = new();
    private TestPlatform _platform = null!;

    public async Task InitializeAsync() =>
        _platform = await TestPlatform.StartAsync(nameof(GatewayTests), new PlatformOptions
        {
            Gateway = true,
            Funding = true,
            GatewaySettings = { ["RateLimiting:PermitLimit"] = PermitLimit.ToString(), ["RateLimiting:Window"] = "00:01:00" },
            BeneficiariesServices = _beneficiariesLogs.AddTo,
        });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task The_gathered_document_is_a_503_naming_the_service_whose_document_cannot_be_read()
    {
        // Grievances does not run here: its address answers nothing.
        using var anonymous = new HttpClient { BaseAddress = _platform.Gateway!.Address };

        var response = await anonymous.GetAsync(GatheredDocument.Path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("grievances", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("beneficiaries", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_burst_beyond_the_limit_gets_429_with_Retry_After_and_other_partners_are_unaffected()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var stopSahel = await _platform.FieldOfficeAsync(Partners.StopSahel);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < PermitLimit + 3; i++)
        {
            var response = await amss.GetAsync($"/api/v1/beneficiaries/{Guid.NewGuid()}");
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(PermitLimit, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await stopSahel.GetAsync($"/api/v1/beneficiaries/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_stopped_service_is_answered_with_a_503_problem_within_the_timeout()
    {
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/funding/audit")).StatusCode);

        await _platform.Funding!.DisposeAsync();
        var clock = Stopwatch.StartNew();
        var response = await admin.GetAsync("/api/v1/funding/audit");
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task The_callers_correlation_id_comes_back_and_is_in_the_services_log_scope()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        var correlationId = "field-upload-" + Guid.NewGuid().ToString("N")[..8];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(Partners.Registration()) };
        request.Headers.Add("X-Correlation-Id", correlationId);

        var response = await amss.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(correlationId, response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Contains(_beneficiariesLogs.Lines, line =>
            line.Message.StartsWith("Registered beneficiary", StringComparison.Ordinal)
            && line.Scope.TryGetValue("CorrelationId", out var scoped) && scoped == correlationId);
    }

    [Fact]
    public async Task An_error_names_the_correlation_id_in_its_problem_details()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-Correlation-Id", "bad-upload-1");

        var problem = await (await amss.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("bad-upload-1", problem.GetProperty("correlationId").GetString());
    }
}
