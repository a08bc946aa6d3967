using System.Security.Claims;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Ownership;

/// <summary>The ownership filter of the shared DbContext, seen from the partners' side.</summary>
public sealed class PartnerOwnershipTests(PartnerOwnershipTests.Platform platform) : IClassFixture<PartnerOwnershipTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task A_record_shared_with_another_partner_is_visible_to_it_and_to_nobody_else()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();

        Assert.Equal(0, await CountAsPartnerAsync("stop-sahel", id));
        await AsPartnerAsync("amss", async db =>
        {
            db.Share(await db.Beneficiaries.SingleAsync(b => b.Id == id), "stop-sahel");
            await db.SaveChangesAsync();
            return 0;
        });

        Assert.Equal(1, await CountAsPartnerAsync("stop-sahel", id));
        Assert.Equal(0, await CountAsPartnerAsync("ades", id));
        Assert.Equal(1, await CountAsPartnerAsync("amss", id));
    }

    [Fact]
    public async Task A_partner_cannot_change_a_record_shared_with_it()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();
        await AsPartnerAsync("amss", async db =>
        {
            db.Share(await db.Beneficiaries.SingleAsync(b => b.Id == id), "stop-sahel");
            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => AsPartnerAsync("stop-sahel", async db =>
        {
            var shared = await db.Beneficiaries.SingleAsync(b => b.Id == id);
            db.Beneficiaries.Remove(shared);
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("own records", refused.Message);
    }

    [Fact]
    public async Task A_partner_cannot_share_a_record_it_does_not_own()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();
        var record = await AsPartnerAsync("amss", db => db.Beneficiaries.AsNoTracking().SingleAsync(b => b.Id == id));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => AsPartnerAsync("stop-sahel", db =>
        {
            db.Share(record, "stop-sahel");
            return db.SaveChangesAsync();
        }));
        Assert.Equal(0, await CountAsPartnerAsync("stop-sahel", id));
    }

    private Task<int> CountAsPartnerAsync(string partnerId, Guid id) =>
        AsPartnerAsync(partnerId, db => db.Beneficiaries.CountAsync(b => b.Id == id));

    /// <summary>Runs against the service's own DbContext as a request authenticated for <paramref name="partnerId"/> would.</summary>
    private async Task<T> AsPartnerAsync<T>(string partnerId, Func<BeneficiariesDbContext, Task<T>> work)
    {
        await using var scope = _platform.Beneficiaries.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PartnerClaims.PartnerId, partnerId)], "test")),
        };
        try
        {
            return await work(scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>());
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
