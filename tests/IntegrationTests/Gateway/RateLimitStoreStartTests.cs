using JusticePlatform.Gateway;

namespace JusticePlatform.IntegrationTests.Gateway;

/// <summary>Per-instance rate limits multiply with the replicas: Production does not start with them.</summary>
public sealed class RateLimitStoreStartTests
{
    [Fact]
    public async Task In_production_the_gateway_refuses_to_start_without_a_redis_for_its_rate_limits()
    {
        var reason = await StartRefusal.ReasonAsync<ServiceAddressFilter>(new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["services:identity:http:0"] = "http://127.0.0.1:9",
            ["Identity:Authority"] = "http://127.0.0.1:9",
            ["Identity:RequireHttpsMetadata"] = "false",
        });

        Assert.Contains("ConnectionStrings:redis is not set", reason);
    }
}
