using System.Net;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

public sealed class AuditTests(AuditTests.Platform platform) : IClassFixture<AuditTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    [Fact]
    public async Task A_write_leaves_exactly_one_audit_entry_naming_who_what_when_and_the_outcome()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(Partners.Registration()) };
        var correlationId = Guid.NewGuid().ToString();
        request.Headers.Add("X-Correlation-Id", correlationId);
        var created = await (await amss.SendAsync(request)).Content.ReadFromJsonAsync<Created>();

        var entries = await AuditOfAsync(created!.Id.ToString());

        // The duplicate check the registration ran is audited as its own entry.
        Assert.Single(entries, e => e.Action == "duplicate_check");
        var entry = Assert.Single(entries, e => e.Action != "duplicate_check");
        Assert.Equal((Partners.Amss, "beneficiary", "create", "succeeded", 201, correlationId),
            (entry.PartnerId, entry.Resource, entry.Action, entry.Outcome, entry.StatusCode, entry.CorrelationId));
        Assert.StartsWith(Partners.Amss, entry.ClientId);
        Assert.True(entry.At > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task A_rejected_write_leaves_exactly_one_audit_entry_with_its_outcome()
    {
        using var partner = await _platform.FieldOfficeAsync("adess");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(new { givenName = "X" }) };
        // Free text a client chose as its correlation id (it could hold a name) is stored only as a hash.
        request.Headers.Add("X-Correlation-Id", "audit-of-Awa-Traore");
        Assert.Equal(HttpStatusCode.BadRequest, (await partner.SendAsync(request)).StatusCode);

        var entries = (await AuditOfAsync(resourceId: null, partnerId: "adess")).Where(e => e.CorrelationId == Microsoft.Extensions.Hosting.CorrelationId.ForStorage("audit-of-Awa-Traore")).ToList();

        var entry = Assert.Single(entries);
        Assert.Equal(("rejected", 400), (entry.Outcome, entry.StatusCode));
        Assert.StartsWith("sha256:", entry.CorrelationId);
    }

    [Fact]
    public async Task Only_administrators_read_the_audit_trail_and_no_api_changes_it()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, (await amss.GetAsync("/api/v1/beneficiaries/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync("/api/v1/beneficiaries/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.PostAsJsonAsync("/api/v1/beneficiaries/audit", new { })).StatusCode);
    }

    private async Task<IReadOnlyList<Entry>> AuditOfAsync(string? resourceId, string? partnerId = null)
    {
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);
        var query = resourceId is not null ? $"resourceId={resourceId}" : $"partnerId={partnerId}";
        var page = await admin.GetFromJsonAsync<Page>($"/api/v1/beneficiaries/audit?{query}&pageSize=100");
        return page!.Items;
    }

    private sealed record Created(Guid Id);

    private sealed record Page(IReadOnlyList<Entry> Items, long TotalCount);

    private sealed record Entry(DateTimeOffset At, string PartnerId, string ClientId, string Resource, string? ResourceId, string Action, string? CorrelationId, string Outcome, int StatusCode);
}
