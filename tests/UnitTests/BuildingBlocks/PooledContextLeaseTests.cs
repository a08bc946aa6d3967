using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

/// <summary>
/// A scope resolves its service's context under two types (the service's own and the shared
/// <see cref="ServiceDbContext"/>, which audit and idempotency ask for), and the container disposes it
/// once per type, one disposal after the other. Should each disposal give it back to the pool, another
/// request that leased it between the two would have it given back under its feet, and a third request
/// would share it, with its caller's ownership filter. No database is opened: leasing needs none.
/// </summary>
public sealed class PooledContextLeaseTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_context_another_request_leased_while_a_scope_ended_stays_that_requests_alone(bool disposeAsync)
    {
        await using var services = Services();
        var ending = services.CreateAsyncScope();
        ending.ServiceProvider.GetRequiredService<FundingDbContext>();
        // Resolved between the context's two registrations, so the container disposes it between their two disposals.
        var concurrent = ending.ServiceProvider.GetRequiredService<RequestStartingMeanwhile>();
        ending.ServiceProvider.GetRequiredService<ServiceDbContext>();

        if (disposeAsync) await ending.DisposeAsync(); else ((IDisposable)ending).Dispose();
        await using var concurrentScope = concurrent.Scope!.Value;
        await using var next = services.CreateAsyncScope();

        Assert.NotSame(concurrent.Context, next.ServiceProvider.GetRequiredService<FundingDbContext>());
    }

    private static ServiceProvider Services()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:fundingdb"] = "Host=127.0.0.1;Database=leases_only";
        builder.AddServiceDatabase<FundingDbContext, PostgresFundingDbContext, SqlServerFundingDbContext>("fundingdb");
        builder.Services.AddScoped<RequestStartingMeanwhile>();
        return builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Another request, which leases a context of its own when the scope that resolved this ends.</summary>
    private sealed class RequestStartingMeanwhile(IServiceScopeFactory scopes) : IAsyncDisposable, IDisposable
    {
        public AsyncServiceScope? Scope { get; private set; }

        public FundingDbContext? Context { get; private set; }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        public void Dispose()
        {
            Scope = scopes.CreateAsyncScope();
            Context = Scope.Value.ServiceProvider.GetRequiredService<FundingDbContext>();
        }
    }
}
