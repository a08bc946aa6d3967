using System.Net;
using System.Net.Http.Headers;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class GatewayRateLimitFixture : PlatformFixture
{
    public const int AnonymousLimit = 5;
    public const int TokenLimitPerClient = 3;

    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Activities = false,
        GatewaySettings =
        {
            ["RateLimiting:AnonymousPermitLimit"] = AnonymousLimit.ToString(),
            ["RateLimiting:TokenPermitLimitPerClientAndAddress"] = TokenLimitPerClient.ToString(),
            ["RateLimiting:TokenPermitLimitPerAddress"] = "100",
        },
    };
}

/// <summary>The gateway's budgets from an attacker's side: a caller cannot choose its bucket, guess secrets at speed, or spend a partner's budget.</summary>
public sealed class GatewayRateLimitTests(GatewayRateLimitFixture fixture) : IClassFixture<GatewayRateLimitFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_spoofed_X_Forwarded_For_does_not_give_a_caller_a_new_bucket()
    {
        using var gateway = _platform.Raw();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < GatewayRateLimitFixture.AnonymousLimit + 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");
            statuses.Add((await gateway.SendAsync(request)).StatusCode);
        }

        Assert.True(statuses.Contains(HttpStatusCode.TooManyRequests), string.Join(",", statuses));
        Assert.True(statuses.Count(s => s != HttpStatusCode.TooManyRequests) <= GatewayRateLimitFixture.AnonymousLimit);
    }

    [Fact]
    public async Task A_burst_of_secret_guesses_for_one_client_id_is_limited_while_other_clients_still_get_tokens()
    {
        using var gateway = _platform.Raw();
        using var admin = await _platform.AdministratorAsync();
        var victim = await admin.RegisterClientAsync("guess-target", Scopes.BeneficiariesRead);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < GatewayRateLimitFixture.TokenLimitPerClient + 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials", ["client_id"] = victim.ClientId, ["client_secret"] = $"guess-{i}",
                }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add((await gateway.SendAsync(request)).StatusCode);
        }

        Assert.Equal(GatewayRateLimitFixture.TokenLimitPerClient, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        // The guessed-at client id is locked for the window, but another office of the same address is not.
        var other = await admin.RegisterClientAsync("guess-bystander", Scopes.BeneficiariesRead);
        var answer = await gateway.RequestTokenAsync(other.ClientId, other.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"token-client\"", answer.Headers.GetValues("RateLimit-Policy").Single());
    }

    [Fact]
    public async Task Unauthenticated_garbage_does_not_spend_a_partners_budget_nor_its_token_requests()
    {
        using var gateway = _platform.Raw();
        using var admin = await _platform.AdministratorAsync();
        var office = await admin.RegisterClientAsync("garbage-victim", Scopes.BeneficiariesRead);

        for (var i = 0; i < GatewayRateLimitFixture.AnonymousLimit * 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token-" + i);
            var refused = await gateway.SendAsync(request);
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, refused.StatusCode.ToString());
        }

        var token = await gateway.TokenAsync(office.ClientId, office.ClientSecret);
        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answer = await gateway.SendAsync(call);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.StartsWith("\"partner\";q=", answer.Headers.GetValues("RateLimit-Policy").Single());
        Assert.Matches("^\"partner\";r=\\d+;t=\\d+$", answer.Headers.GetValues("RateLimit").Single());
    }
}

/// <summary>The gateway behind a load balancer it trusts (loopback here), so that each test request can name the caller's address.</summary>
public sealed class TokenLockoutFixture : PlatformFixture
{
    public const int GuessesPerClientAndAddress = 20;

    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Activities = false,
        GatewaySettings =
        {
            ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8",
            ["ForwardedHeaders:KnownNetworks:1"] = "::1/128",
            ["RateLimiting:TokenPermitLimitPerClientAndAddress"] = GuessesPerClientAndAddress.ToString(),
        },
    };
}

/// <summary>Secret guessing at the token endpoint cannot be used to lock a partner's client out.</summary>
public sealed class TokenLockoutTests(TokenLockoutFixture fixture) : IClassFixture<TokenLockoutFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task Wrong_secrets_from_one_address_are_limited_and_the_right_secret_from_another_address_still_gets_a_token()
    {
        using var gateway = _platform.Raw();
        using var admin = await _platform.AdministratorAsync();
        var victim = await admin.RegisterClientAsync("lockout-target", Scopes.BeneficiariesRead);

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i <= TokenLockoutFixture.GuessesPerClientAndAddress; i++)
        {
            guesses.Add((await SendFromAsync(gateway, "198.51.100.7", victim.ClientId, $"guess-{i}")).StatusCode);
        }

        var office = await SendFromAsync(gateway, "203.0.113.20", victim.ClientId, victim.ClientSecret);

        Assert.DoesNotContain(HttpStatusCode.OK, guesses);
        Assert.Equal([HttpStatusCode.TooManyRequests], guesses.Skip(TokenLockoutFixture.GuessesPerClientAndAddress));
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, guesses.Take(TokenLockoutFixture.GuessesPerClientAndAddress));
        Assert.Equal(HttpStatusCode.OK, office.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendFromAsync(HttpClient gateway, string address, string clientId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
            }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await gateway.SendAsync(request);
    }
}
