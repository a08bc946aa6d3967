using System.Security.Claims;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
    public async Task A_record_shared_with_another_partner_is_readable_by_it_and_by_nobody_else()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();

        Assert.Equal(0, await CountReadableAsPartnerAsync("stop-sahel", id));
        await ShareWithStopSahelAsync(id);

        Assert.Equal(1, await CountReadableAsPartnerAsync("stop-sahel", id));
        Assert.Equal(0, await CountReadableAsPartnerAsync("ades", id));
        Assert.Equal(1, await CountReadableAsPartnerAsync("amss", id));
    }

    [Fact]
    public async Task A_partner_cannot_change_a_record_shared_with_it()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();
        await ShareWithStopSahelAsync(id);

        var refused = await Assert.ThrowsAsync<OwnershipRefusedException>(() => AsPartnerAsync("stop-sahel", async db =>
        {
            var shared = await db.IncludingShared<Beneficiary>().SingleAsync(b => b.Id == id);
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

        await Assert.ThrowsAsync<OwnershipRefusedException>(() => AsPartnerAsync("stop-sahel", db =>
        {
            db.Share(record, "stop-sahel", DateTimeOffset.UtcNow);
            return db.SaveChangesAsync();
        }));
        Assert.Equal(0, await CountReadableAsPartnerAsync("stop-sahel", id));
    }

    [Fact]
    public async Task Work_that_declared_no_partner_reads_no_rows()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        await amss.RegisterAsync();

        await using var scope = _platform.Beneficiaries.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();

        Assert.Equal(0, await db.Beneficiaries.CountAsync());
        Assert.Equal(0, await db.Imports.CountAsync());
        Assert.True(await db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync() > 0);
    }

    [Fact]
    public async Task Work_that_declared_no_partner_cannot_write_an_owned_record()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();

        await using var scope = _platform.Beneficiaries.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        var record = await db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).SingleAsync(b => b.Id == id);
        db.Beneficiaries.Remove(record);

        await Assert.ThrowsAsync<OwnershipRefusedException>(() => db.SaveChangesAsync());
        Assert.Equal(1, await CountReadableAsPartnerAsync("amss", id));
    }

    [Fact]
    public async Task A_set_insert_of_another_partners_record_is_refused_before_anything_is_written()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();
        var record = await AsPartnerAsync("amss", db => db.Beneficiaries.AsNoTracking().SingleAsync(b => b.Id == id));
        await AsPartnerAsync("amss", db => db.Beneficiaries.Where(b => b.Id == id).ExecuteDeleteAsync());

        await Assert.ThrowsAsync<OwnershipRefusedException>(() => AsPartnerAsync("stop-sahel", async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.InsertSetAsync([record], CancellationToken.None);
            await transaction.CommitAsync();
            return 0;
        }));
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(b => b.Id == id)));
    }

    [Fact]
    public async Task System_work_sees_every_partners_rows()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        using var stopSahel = await _platform.BeneficiariesClientAsync("stop-sahel");
        var ids = new[] { await amss.RegisterAsync(), await stopSahel.RegisterAsync() };

        await using var scope = _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();

        Assert.Equal(2, await db.Beneficiaries.CountAsync(b => ids.Contains(b.Id)));
    }

    [Fact]
    public async Task A_bulk_update_of_another_partners_record_changes_nothing()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();

        var changed = await AsPartnerAsync("stop-sahel", db =>
            db.Beneficiaries.Where(b => b.Id == id).ExecuteUpdateAsync(set => set.SetProperty(b => b.CommunePcode, "ML070101")));

        Assert.Equal(0, changed);
        Assert.NotEqual("ML070101", await AsPartnerAsync("amss", db => db.Beneficiaries.Where(b => b.Id == id).Select(b => b.CommunePcode).SingleAsync()));
    }

    [Fact]
    public async Task A_bulk_update_or_delete_of_a_record_shared_with_the_partner_changes_nothing()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var id = await amss.RegisterAsync();
        await ShareWithStopSahelAsync(id);

        var updated = await AsPartnerAsync("stop-sahel", db =>
            db.Beneficiaries.Where(b => b.Id == id).ExecuteUpdateAsync(set => set.SetProperty(b => b.CommunePcode, "ML070101")));
        var deleted = await AsPartnerAsync("stop-sahel", db => db.Beneficiaries.Where(b => b.Id == id).ExecuteDeleteAsync());

        Assert.Equal((0, 0), (updated, deleted));
        Assert.Equal(1, await CountReadableAsPartnerAsync("amss", id));
    }

    private Task ShareWithStopSahelAsync(Guid id) => AsPartnerAsync("amss", async db =>
    {
        db.Share(await db.Beneficiaries.SingleAsync(b => b.Id == id), "stop-sahel", DateTimeOffset.UtcNow);
        return await db.SaveChangesAsync();
    });

    private Task<int> CountReadableAsPartnerAsync(string partnerId, Guid id) =>
        AsPartnerAsync(partnerId, db => db.IncludingShared<Beneficiary>().CountAsync(b => b.Id == id));

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
