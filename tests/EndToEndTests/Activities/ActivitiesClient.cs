using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>The Activities API as a partner's field office calls it through the gateway.</summary>
internal static class ActivitiesClient
{
    public const string Programs = "/api/v1/activities/programs";
    public const string Activities = "/api/v1/activities";

    /// <summary>A partner's client with every scope a consortium member uses.</summary>
    public static Task<HttpClient> MemberAsync(this TestPlatform platform, string partner) =>
        platform.ThroughGatewayAsync(partner, Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite, Scopes.ActivitiesRead, Scopes.ActivitiesWrite);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<Guid> CreatedIdAsync(this Task<HttpResponseMessage> request) =>
        (await (await request).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public static Task<Guid> CreateProgramAsync(this HttpClient lead, string code, object[] members, string[] communes) =>
        lead.PostAsJsonAsync(Programs, new
        {
            code,
            titleFr = "Accès à la justice",
            titleEn = "Access to justice",
            members,
            funderIds = new[] { "XM-DAC-41146" },
            sectorCodes = new[] { "15130", "15160" },
            communePcodes = communes,
            startDate = "2026-01-01",
            endDate = "2027-12-31",
        }).CreatedIdAsync();

    /// <summary>Each member accepts the lead's invitation to <paramref name="program"/> with its own token.</summary>
    public static async Task JoinAsync(this TestPlatform platform, Guid program, params string[] members)
    {
        foreach (var partner in members)
        {
            using var member = await platform.MemberAsync(partner);
            await (await member.PostAsync($"{Programs}/{program}/invitation/accept", null)).JsonAsync();
        }
    }

    /// <summary>
    /// Waits until Funding has heard of <paramref name="program"/> and its <paramref name="members"/> from Activities' events;
    /// until then Funding refuses a grant of the program with 422, as a partner would see it.
    /// </summary>
    public static Task FundingKnowsAsync(this TestPlatform platform, Guid program, params string[] members) =>
        Eventually.TrueAsync(async () =>
            {
                var known = await platform.FundingDb(db => db.KnownPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == program));
                return known is not null && members.All(known.MemberPartnerIds.Contains);
            }, TimeSpan.FromSeconds(60), "Funding to hear of the program and its members");

    public static Task<Guid> AddObjectiveAsync(this HttpClient lead, Guid program, string code, string title) =>
        lead.PostAsJsonAsync($"{Programs}/{program}/objectives", new { code, title, kind = "specific" }).CreatedIdAsync();

    public static Task<Guid> AddResultAsync(this HttpClient lead, Guid program, Guid objectiveId, string code, string type) =>
        lead.PostAsJsonAsync($"{Programs}/{program}/results", new { objectiveId, code, title = $"Result {code}", type }).CreatedIdAsync();

    public static Task<Guid> AddPeriodAsync(this HttpClient lead, Guid program, string label, string startDate, string endDate) =>
        lead.PostAsJsonAsync($"{Programs}/{program}/periods", new { label, startDate, endDate }).CreatedIdAsync();

    public static Task<Guid> AddIndicatorAsync(this HttpClient lead, Guid program, Guid resultId, string code, string source,
        string measure = "unit", string[]? dimensions = null, object[]? targets = null) =>
        lead.PostAsJsonAsync($"{Programs}/{program}/indicators", new
        {
            resultId, code, title = $"Indicator {code}", measure, ascending = true, baseline = new { year = 2025, value = 0 },
            dimensions = dimensions ?? [], source, targets = targets ?? [],
        }).CreatedIdAsync();

    public static async Task<(Guid Id, EntityTagHeaderValue ETag)> CreateActivityAsync(this HttpClient member, Guid program, string commune,
        Guid[]? indicatorIds = null, string type = "training", string title = "Formation des relais communautaires")
    {
        var response = await member.PostAsJsonAsync(Activities, new
        {
            programId = program, title, type, indicatorIds = indicatorIds ?? [], communePcode = commune,
            plannedStart = "2026-10-01", plannedEnd = "2026-10-03",
            plannedCost = new { amount = 1_500_000m, currency = "XOF", valueDate = "2026-10-01" },
        });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return (id, response.Headers.ETag!);
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body, EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request);
    }

    public static async Task<EntityTagHeaderValue> ETagAsync(this HttpClient client, Guid activity) =>
        (await client.GetAsync($"{Activities}/{activity}")).Headers.ETag!;

    /// <summary>Completes the activity on <paramref name="actualEnd"/>, whatever its state allows; returns the answer.</summary>
    public static async Task<HttpResponseMessage> CompleteAsync(this HttpClient member, Guid activity, string actualEnd = "2026-10-03") =>
        await member.SendAsync(HttpMethod.Post, $"{Activities}/{activity}/complete", new
        {
            actualStart = "2026-10-01", actualEnd, actualCost = new { amount = 1_420_000m, currency = "XOF", valueDate = actualEnd },
        }, await member.ETagAsync(activity));

    public static Task<HttpResponseMessage> AttendAsync(this HttpClient member, Guid activity, params Guid[] beneficiaryIds) =>
        member.PostAsJsonAsync($"{Activities}/{activity}/attendance", new { beneficiaryIds });

    /// <summary>Registers a person in Beneficiaries and waits until Activities' projection knows them.</summary>
    public static async Task<Guid> RegisterKnownAsync(this HttpClient member, object person)
    {
        var id = await member.CreateBeneficiaryAsync(person);
        await member.WaitUntilKnownAsync(id);
        return id;
    }

    public static Task WaitUntilKnownAsync(this HttpClient member, Guid id, Func<JsonElement, bool>? condition = null) =>
        Eventually.TrueAsync(async () =>
        {
            var response = await member.GetAsync($"/api/v1/activities/beneficiaries/{id}");
            return response.IsSuccessStatusCode && (condition is null || condition(await response.JsonAsync()));
        }, TimeSpan.FromSeconds(30), $"beneficiary {id} to reach Activities");

    public static async Task<JsonElement> ReachAsync(this HttpClient member, Guid program, string query = "") =>
        await (await member.GetAsync($"{Programs}/{program}/reach?{query}")).JsonAsync();

    public static async Task<JsonElement> ProgressAsync(this HttpClient member, Guid program, Guid period, string scope = "program") =>
        await (await member.GetAsync($"{Programs}/{program}/progress?periodId={period}&scope={scope}")).JsonAsync();

    public static JsonElement Indicator(this JsonElement progress, string code) =>
        progress.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);
}
