using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Funding;

/// <summary>Partners' calls to the Funding API, and the sample records the tests build on.</summary>
internal static class FundingCalls
{
    public static readonly DateOnly GrantStart = new(2026, 1, 1);

    public static Task<HttpClient> FundingPartnerAsync(this TestPlatform platform, IServiceHost service, string partner) =>
        platform.ClientAsync(service, partner, Scopes.FundingRead, Scopes.FundingWrite);

    /// <summary>An administrator of the platform, who enters exchange rates.</summary>
    public static Task<HttpClient> RatesAdminAsync(this TestPlatform platform, IServiceHost service) =>
        platform.ClientAsync(service, "platform", Scopes.Admin, Scopes.FundingRead);

    public static async Task<JsonElement> PostOkAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} failed: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static Guid Id(this JsonElement json) => json.GetProperty("id").GetGuid();

    public static async Task<Guid> CreateDonorAsync(this HttpClient client, string name = "USAID", string? iati = "US-GOV-1") =>
        (await client.PostOkAsync("/api/v1/funding/organisations", new { name, iatiIdentifier = iati, type = "government", role = "donor" })).Id();

    public static object GrantBody(Guid funder, string recipient, string? funderPartner, string lead, decimal amount = 89_000_000m, string currency = "XOF", Guid? program = null,
        string[]? subRecipients = null) => new
    {
        subRecipientPartnerIds = subRecipients,
        title = "Access to justice in six communes of Goundam and Timbuktu",
        funderOrganisationId = funder,
        funderPartnerId = funderPartner,
        recipientPartnerId = recipient,
        programId = program ?? Guid.NewGuid(),
        programLeadPartnerId = lead,
        amount,
        currency,
        startDate = GrantStart,
        endDate = new DateOnly(2026, 12, 31),
        status = "active",
    };

    /// <summary>
    /// A program as Activities publishes it (published here on the test's broker), once Funding's projection holds it:
    /// a grant names a program its recipient is in, and a budget line one of its results.
    /// </summary>
    public static async Task<Guid> ProgramAsync(this TestPlatform platform, string lead, IReadOnlyList<string>? members = null, IReadOnlyList<Guid>? results = null, Guid? id = null)
    {
        var program = id ?? Guid.NewGuid();
        await platform.Beneficiaries.Services.GetRequiredService<IBus>()
            .Publish(new ProgramChanged(program, lead, members ?? [], results ?? [], platform.Clock.GetUtcNow(), 1));
        await Eventually.TrueAsync(() => platform.FundingDb(db => db.KnownPrograms.AnyAsync(p => p.Id == program)), TimeSpan.FromSeconds(30),
            $"Funding to hear of the program of {lead}");
        return program;
    }

    /// <summary>
    /// A grant for a program led by <paramref name="lead"/> (the recipient unless told), with the recipient and the
    /// sub-recipients as its members: a new program, or <paramref name="program"/> published to Funding first.
    /// </summary>
    public static async Task<Guid> CreateGrantAsync(this HttpClient client, TestPlatform platform, string recipient, string? funderPartner = null, string? lead = null,
        decimal amount = 89_000_000m, string currency = "XOF", IReadOnlyList<Guid>? results = null, Guid? program = null, string[]? subRecipients = null)
    {
        var donor = await client.CreateDonorAsync();
        var known = await platform.ProgramAsync(lead ?? recipient, [recipient, .. subRecipients ?? []], results, program);
        return (await client.PostOkAsync("/api/v1/funding/grants", GrantBody(donor, recipient, funderPartner, lead ?? recipient, amount, currency, known, subRecipients))).Id();
    }

    /// <summary>A line per result when given one (a result of the grant's program), else per cost category.</summary>
    public static object LineBody(decimal amount, Guid? resultId = null) => new
    {
        code = "1.1",
        name = "Trainings of community relays",
        kind = resultId is null ? "cost-category" : "result",
        resultId,
        costCategory = resultId is null ? "Trainings" : null,
        amount,
        periodStart = GrantStart,
        periodEnd = new DateOnly(2026, 12, 31),
    };

    public static async Task<Guid> CreateBudgetLineAsync(this HttpClient client, Guid grant, decimal amount, Guid? resultId = null) =>
        (await client.PostOkAsync($"/api/v1/funding/grants/{grant}/budget-lines", LineBody(amount, resultId))).Id();

    public static async Task EnterRateAsync(this HttpClient admin, string from, string to, decimal rate, DateOnly date, string source = "ECB euro reference rate")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/funding/exchange-rates", new { @base = from, quote = to, rate, effectiveDate = date, source });
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Conflict,
            $"rate refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
