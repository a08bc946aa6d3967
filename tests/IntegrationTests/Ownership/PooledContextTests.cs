using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Ownership;

/// <summary>DbContexts are pooled: a context is the caller's only while its scope leases it.</summary>
public sealed class PooledContextTests(PooledContextTests.Platform platform) : IClassFixture<PooledContextTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task A_context_taken_from_the_pool_without_a_scope_sees_no_partners_rows()
    {
        using var amss = await _platform.ClientAsync(_platform.Beneficiaries, "pool-owner", Scopes.BeneficiariesWrite);
        var id = await amss.CreateBeneficiaryAsync(Samples.Person("Pool", "Owner"));

        // The partner's own scope, given back to the pool at its end.
        await using (var scope = _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>().CreatePartnerScope("pool-owner"))
        {
            var leased = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
            Assert.Equal("pool-owner", leased.CurrentPartnerId);
            Assert.True(await leased.Beneficiaries.AnyAsync(b => b.Id == id));
        }

        await using var unleased = Unleased();
        Assert.Null(unleased.CurrentPartnerId);
        Assert.False(unleased.IsSystemWork);
        Assert.False(await unleased.Beneficiaries.AnyAsync(b => b.Id == id));
    }

    [Fact]
    public async Task Each_scope_leases_a_context_with_its_own_caller()
    {
        var scopes = _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>();
        await using var first = scopes.CreatePartnerScope("pool-first");
        await using var second = scopes.CreatePartnerScope("pool-second");

        var firstContext = first.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        var secondContext = second.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();

        Assert.NotSame(firstContext, secondContext);
        Assert.Equal(("pool-first", "pool-second"), (firstContext.CurrentPartnerId, secondContext.CurrentPartnerId));
    }

    [Fact]
    public async Task A_late_disposal_of_a_context_given_back_does_not_take_it_from_the_partner_that_leased_it_next()
    {
        using var client = await _platform.ClientAsync(_platform.Beneficiaries, "pool-next", Scopes.BeneficiariesWrite);
        var own = await client.CreateBeneficiaryAsync(Samples.Person("Pool", "Next"));
        var scopes = _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>();
        BeneficiariesDbContext givenBack;
        await using (var ended = scopes.CreatePartnerScope("pool-earlier"))
        {
            givenBack = ended.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        }

        // Lease, holding each scope, until the next partner's gets that very instance (the pool hands its
        // contexts out in turn; a background worker may hold it a moment first).
        var held = new List<AsyncServiceScope>();
        try
        {
            var leased = await Eventually.ReturnsAsync(() =>
            {
                held.Add(scopes.CreatePartnerScope("pool-next"));
                return Task.FromResult(held[^1].ServiceProvider.GetRequiredService<BeneficiariesDbContext>());
            }, context => ReferenceEquals(context, givenBack), TimeSpan.FromSeconds(30), "a scope to lease the context given back", TimeSpan.FromMilliseconds(10));

            // What the container's second disposal did, or code that disposes the context it was given.
            await givenBack.DisposeAsync();
            await using var third = scopes.CreatePartnerScope("pool-third");

            Assert.Equal("pool-next", leased.CurrentPartnerId);
            Assert.True(await leased.Beneficiaries.AnyAsync(b => b.Id == own));
            Assert.NotSame(leased, third.ServiceProvider.GetRequiredService<BeneficiariesDbContext>());
        }
        finally
        {
            foreach (var scope in held) await scope.DisposeAsync();
        }
    }

    // Straight from the pool's factory, as code that bypassed the scope would get it (whichever provider runs).
    private BeneficiariesDbContext Unleased() =>
        (BeneficiariesDbContext?)_platform.Beneficiaries.Services.GetService<IDbContextFactory<PostgresBeneficiariesDbContext>>()?.CreateDbContext()
        ?? _platform.Beneficiaries.Services.GetRequiredService<IDbContextFactory<SqlServerBeneficiariesDbContext>>().CreateDbContext();
}
