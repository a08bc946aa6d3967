using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

/// <summary>Two gateway instances on one Redis, with small budgets and a key prefix of this class's own.</summary>
public sealed class SharedRateLimitFixture : PlatformFixture
{
    public const int PartnerLimit = 6;
    public const int TokenLimitPerClient = 4;

    private readonly string _keyPrefix = $"test-{Guid.NewGuid():N}:";
    private string _redis = "";

    private ServiceHost<JusticePlatform.Gateway.ServiceAddressFilter>? _secondGateway;

    protected override async Task PrepareAsync() => _redis = await TestInfrastructure.RedisAsync();

    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Activities = false,
        GatewaySettings =
        {
            ["ConnectionStrings:redis"] = _redis,
            ["RateLimiting:KeyPrefix"] = _keyPrefix,
            ["RateLimiting:PermitLimit"] = PartnerLimit.ToString(),
            ["RateLimiting:TokenPermitLimitPerClientAndAddress"] = TokenLimitPerClient.ToString(),
            ["RateLimiting:TokenPermitLimitPerAddress"] = "100",
        },
    };

    public async Task<ServiceHost<JusticePlatform.Gateway.ServiceAddressFilter>> StartSecondGatewayAsync() =>
        _secondGateway ??= await Platform.StartAnotherGatewayAsync();
}

/// <summary>A budget holds in sum over every gateway instance: spreading calls over instances buys a caller nothing.</summary>
public sealed class SharedRateLimitTests(SharedRateLimitFixture fixture) : IClassFixture<SharedRateLimitFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_partners_calls_split_over_two_gateways_are_accepted_no_more_than_its_limit_in_sum()
    {
        var second = await fixture.StartSecondGatewayAsync();
        var token = await _platform.TokenAsync("shared-budget", Scopes.BeneficiariesRead);
        using var first = _platform.Raw();
        using var other = new HttpClient { BaseAddress = second.Address };

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < SharedRateLimitFixture.PartnerLimit * 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            answers.Add(await (i % 2 == 0 ? first : other).SendAsync(request));
        }

        var statuses = string.Join(",", answers.Select(a => (int)a.StatusCode));
        Assert.Equal(SharedRateLimitFixture.PartnerLimit, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
        Assert.True(refused.All(a => a.StatusCode == HttpStatusCode.TooManyRequests), statuses);
        foreach (var answer in refused)
        {
            Assert.StartsWith($"\"partner\";q={SharedRateLimitFixture.PartnerLimit};", answer.Headers.GetValues("RateLimit-Policy").Single());
            Assert.Matches("^\"partner\";r=0;t=\\d+$", answer.Headers.GetValues("RateLimit").Single());
            Assert.True(int.Parse(answer.Headers.GetValues("Retry-After").Single()) >= 1);
        }
    }

    [Fact]
    public async Task Secret_guesses_for_one_client_split_over_two_gateways_are_limited_in_sum()
    {
        var second = await fixture.StartSecondGatewayAsync();
        using var first = _platform.Raw();
        using var other = new HttpClient { BaseAddress = second.Address };
        using var admin = await _platform.AdministratorAsync();
        var victim = await admin.RegisterClientAsync("shared-guess-target", Scopes.BeneficiariesRead);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < SharedRateLimitFixture.TokenLimitPerClient * 2; i++)
        {
            statuses.Add((await (i % 2 == 0 ? first : other).RequestTokenAsync(victim.ClientId, $"guess-{i}")).StatusCode);
        }

        Assert.Equal(SharedRateLimitFixture.TokenLimitPerClient, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(SharedRateLimitFixture.TokenLimitPerClient, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}

/// <summary>A gateway whose Redis does not answer (nothing listens at its address).</summary>
public sealed class UnreachableRateLimitStoreFixture : PlatformFixture
{
    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Activities = false,
        GatewaySettings = { ["ConnectionStrings:redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=1000" },
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Without its counters the gateway fails closed, and says so: to the caller and on /health.</summary>
public sealed class UnreachableRateLimitStoreTests(UnreachableRateLimitStoreFixture fixture) : IClassFixture<UnreachableRateLimitStoreFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task While_redis_does_not_answer_a_request_is_refused_with_a_503_problem_rather_than_let_through_uncounted()
    {
        using var gateway = _platform.Raw();

        var answer = await gateway.GetAsync("/api/v1/beneficiaries");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal("Rate limits are unavailable", (await answer.ProblemAsync()).GetProperty("title").GetString());
        Assert.True(int.Parse(answer.Headers.GetValues("Retry-After").Single()) >= 1);
    }

    [Fact]
    public async Task While_redis_does_not_answer_health_shows_the_rate_limit_store_degraded_and_the_gateway_stays_in_service()
    {
        using var gateway = _platform.Raw();

        var health = await gateway.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("rate-limit-store").GetProperty("status").GetString());
    }
}
