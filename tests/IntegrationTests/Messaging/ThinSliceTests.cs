using System.Net;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Messaging;

public sealed class ThinSliceTests : IAsyncLifetime
{
    private TestPlatform _platform = null!;
    private HttpClient _beneficiaries = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(nameof(ThinSliceTests));
        _beneficiaries = await _platform.BeneficiariesClientAsync();
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_registration_reaches_the_activities_projection()
    {
        var id = await _beneficiaries.RegisterAsync(commune: "ML060201");

        using var activities = await _platform.ClientAsync(_platform.Activities!, "amss", Scopes.ActivitiesRead);
        var response = await Eventually.ReturnsAsync(
            () => activities.GetAsync($"/api/v1/activities/beneficiaries/{id}"),
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "the registration to reach Activities");

        var known = await response.Content.ReadFromJsonAsync<KnownBeneficiaryView>();
        Assert.Equal(("female", "idp", "ML060201", 1994), (known!.Sex, known.DisplacementStatus, known.CommunePcode, known.BirthYear));

        var sent = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync());
        Assert.NotNull(sent.SentAt);
        var processed = await _platform.ActivitiesDb(db => db.InboxMessages.SingleAsync(m => m.Consumer == "BeneficiaryRegisteredConsumer"));
        Assert.Equal(sent.Id, processed.MessageId);
    }

    private sealed record KnownBeneficiaryView(Guid Id, string Sex, string DisplacementStatus, string CommunePcode, int? BirthYear);
}
