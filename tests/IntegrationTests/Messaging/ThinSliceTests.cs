using System.Net;
using System.Net.Http.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Messaging;

public sealed class ThinSliceTests : IAsyncLifetime
{
    private Slice _slice = null!;

    public async Task InitializeAsync() => _slice = await Slice.StartAsync(nameof(ThinSliceTests));

    public async Task DisposeAsync() => await _slice.DisposeAsync();

    [Fact]
    public async Task A_registration_reaches_the_activities_projection()
    {
        var id = await _slice.RegisterAsync(commune: "ML060201");

        var response = await Eventually.ReturnsAsync(
            () => _slice.ActivitiesClient.GetAsync($"/api/v1/activities/beneficiaries/{id}"),
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "the registration to reach Activities");

        var known = await response.Content.ReadFromJsonAsync<KnownBeneficiaryView>();
        Assert.Equal(("female", "idp", "ML060201", 1994), (known!.Sex, known.DisplacementStatus, known.CommunePcode, known.BirthYear));

        var sent = await _slice.BeneficiariesDb(db => db.OutboxMessages.SingleAsync());
        Assert.NotNull(sent.SentAt);
        var processed = await _slice.ActivitiesDb(db => db.InboxMessages.SingleAsync());
        Assert.Equal(sent.Id, processed.MessageId);
    }

    private sealed record KnownBeneficiaryView(Guid Id, string Sex, string DisplacementStatus, string CommunePcode, int? BirthYear);
}
