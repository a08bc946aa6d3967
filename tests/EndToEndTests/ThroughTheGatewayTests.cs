using System.Net;
using System.Net.Http.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

public sealed class ThroughTheGatewayTests : IAsyncLifetime
{
    private TestPlatform _platform = null!;

    public async Task InitializeAsync() =>
        _platform = await TestPlatform.StartAsync(nameof(ThroughTheGatewayTests), new PlatformOptions { Gateway = true });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_partner_with_a_token_from_the_token_endpoint_registers_a_beneficiary_that_reaches_activities()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);

        var id = await amss.RegisterAsync();

        var known = await Eventually.ReturnsAsync(
            () => amss.GetAsync($"/api/v1/activities/beneficiaries/{id}"),
            response => response.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "the registration to reach Activities through the gateway");
        var body = await known.Content.ReadFromJsonAsync<KnownBeneficiary>();
        Assert.Equal((id, Partners.Amss, "returnee"), (body!.Id, body.PartnerId, body.DisplacementStatus));
    }

    private sealed record KnownBeneficiary(Guid Id, string PartnerId, string DisplacementStatus);
}
