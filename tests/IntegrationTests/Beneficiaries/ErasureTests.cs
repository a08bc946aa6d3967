using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

public sealed class ErasureTests(ErasureTests.Platform platform) : IClassFixture<ErasureTests.Platform>, IAsyncLifetime
{
    private readonly TestPlatform _platform = platform.Platform;
    private HttpClient _amss = null!;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true };
    }

    public async Task InitializeAsync() => _amss = await _platform.PartnerAsync("amss");

    public Task DisposeAsync()
    {
        _amss.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Erasure_removes_the_personal_data_keeps_the_categories_and_BeneficiaryErased_reaches_Activities()
    {
        var id = (await _amss.RegisterAsync(Samples.Person("Aminata", "Maïga", phone: "76123456", disability: new { hearing = 4 }))).GetProperty("id").GetGuid();

        var erased = await _amss.PostAsync($"/api/v1/beneficiaries/{id}/erasure", null);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        var record = await _amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{id}");
        Assert.Equal("erased", record.GetProperty("status").GetString());
        foreach (var field in new[] { "givenName", "familyName", "birthDate", "phone" })
        {
            Assert.Equal(JsonValueKind.Null, record.GetProperty(field).ValueKind);
        }

        Assert.Equal(("female", "18-59", true, "idp", "ML060201"), (record.GetProperty("sex").GetString(), record.GetProperty("ageBand").GetString(),
            record.GetProperty("hasDisability").GetBoolean(), record.GetProperty("displacementStatus").GetString(), record.GetProperty("communePcode").GetString()));
        var stored = await _platform.BeneficiariesDb(db => db.Beneficiaries.SingleAsync(b => b.Id == id));
        Assert.Null(stored.PersonKey);
        Assert.Null(stored.PhoneKey);

        var evt = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync(m => m.MessageType.Contains("beneficiary-erased") && m.Body.Contains(id.ToString())));
        Assert.Contains(id.ToString(), evt.Body);
        await Eventually.TrueAsync(
            () => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(k => k.Id == id && k.ErasedAt != null && k.Sex == "female")),
            TimeSpan.FromSeconds(30), "Activities to record the erasure and keep the categories");
    }

    [Fact]
    public async Task Erasing_twice_publishes_once()
    {
        var id = (await _amss.RegisterAsync(Samples.Person("Aminata", "Maïga"))).GetProperty("id").GetGuid();

        await _amss.PostAsync($"/api/v1/beneficiaries/{id}/erasure", null);
        var again = await _amss.PostAsync($"/api/v1/beneficiaries/{id}/erasure", null);

        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.MessageType.Contains("beneficiary-erased") && m.Body.Contains(id.ToString()))));
    }
}
