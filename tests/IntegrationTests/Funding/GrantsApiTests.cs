using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Funding;

public sealed class GrantsApiFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Funding = true, Gateway = true };
}

/// <summary>Grants, budget lines, transactions and conversions through the gateway.</summary>
public sealed class GrantsApiTests(GrantsApiFixture fixture) : IClassFixture<GrantsApiFixture>
{
    private TestPlatform Platform => fixture.Platform;

    [Fact]
    public async Task The_justice_grant_of_89_million_xof_reads_in_eur_and_usd_with_the_rates_used()
    {
        using var admin = await Platform.RatesAdminAsync(Platform.Gateway!);
        await admin.EnterRateAsync("EUR", "USD", 1.0850m, new DateOnly(2025, 12, 31));
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss");
        var grant = await amss.CreateGrantAsync(Platform, "amss");

        var inEur = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}?currency=EUR");
        var inUsd = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}?currency=USD");

        Assert.Equal(89_000_000m, inEur.GetProperty("amount").GetDecimal());
        Assert.Equal("XOF", inEur.GetProperty("currency").GetString());
        var eur = inEur.GetProperty("converted");
        Assert.Equal(135_679.63m, eur.GetProperty("amount").GetDecimal());
        Assert.Equal(655.957m, eur.GetProperty("rates")[0].GetProperty("rate").GetDecimal());
        Assert.Equal("1999-01-01", eur.GetProperty("rates")[0].GetProperty("date").GetString());
        Assert.Contains("half away from zero", eur.GetProperty("rounding").GetString());
        var usd = inUsd.GetProperty("converted");
        Assert.Equal(147_212.39m, usd.GetProperty("amount").GetDecimal());
        Assert.Equal(1.0850m, usd.GetProperty("rates")[1].GetProperty("rate").GetDecimal());
        Assert.Equal("2025-12-31", usd.GetProperty("rates")[1].GetProperty("date").GetString());
    }

    [Fact]
    public async Task A_grant_in_pounds_sterling_reads_in_xof_at_the_entered_gbp_xof_rate()
    {
        using var admin = await Platform.RatesAdminAsync(Platform.Gateway!);
        await admin.EnterRateAsync("GBP", "XOF", 760.25m, new DateOnly(2025, 12, 15), "Bank of England");
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-gbp");
        var grant = await amss.CreateGrantAsync(Platform, "amss-gbp", amount: 120_000.50m, currency: "GBP");

        var inXof = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}?currency=XOF");

        Assert.Equal("GBP", inXof.GetProperty("currency").GetString());
        var xof = inXof.GetProperty("converted");
        Assert.Equal(91_230_380m, xof.GetProperty("amount").GetDecimal()); // 120,000.50 × 760.25 = 91,230,380.125, XOF has no minor unit
        Assert.Equal("GBP", xof.GetProperty("rates")[0].GetProperty("base").GetString());
        Assert.Equal(760.25m, xof.GetProperty("rates")[0].GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task An_expenditure_in_yen_without_a_rate_on_its_date_is_refused_naming_the_missing_rate_and_nothing_is_written()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-jpy");
        var grant = await amss.CreateGrantAsync(Platform, "amss-jpy");

        var response = await amss.PostAsync($"/api/v1/funding/grants/{grant}/transactions", FundingCalls.Json(
            """{"type":"expenditure","amount":150000,"currency":"JPY","valueDate":"2026-03-01"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("No JPY/XOF exchange rate on or before 2026-03-01.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Platform.FundingDb(db => db.Transactions.CountAsync(t => t.GrantId == grant)));
    }

    [Fact]
    public async Task The_eu_grant_of_2_million_eur_converts_to_1_311_914_000_xof()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss");

        var conversion = await amss.GetOkAsync("/api/v1/funding/conversions?amount=2000000&currency=EUR&to=XOF&valueDate=2026-02-01");

        Assert.Equal(1_311_914_000m, conversion.GetProperty("converted").GetProperty("amount").GetDecimal());
        Assert.Equal(655.957m, conversion.GetProperty("converted").GetProperty("rates")[0].GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task A_conversion_before_any_entered_rate_is_refused_with_the_missing_pair_named()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss");

        var response = await amss.GetAsync("/api/v1/funding/conversions?amount=100&currency=USD&to=EUR&valueDate=1990-01-01");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("USD/EUR", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> BadGrants => new()
    {
        { """{"amount": -5}""", "amount" },
        { """{"amount": 0}""", "amount" },
        { """{"currency": "ABC"}""", "currency" },
        { """{"currency": "JPY", "amount": 1500.5}""", "amount" },
        { """{"currency": "EUR", "amount": 0.123456789012345678901234567890}""", "amount" },
        { """{"amount": 10.5}""", "amount" },
        { """{"status": "spent"}""", "status" },
        { """{"endDate": "2025-01-01"}""", "endDate" },
        { """{"recipientPartnerId": "someone-else"}""", "recipientPartnerId" },
    };

    [Theory]
    [MemberData(nameof(BadGrants))]
    public async Task A_grant_with_bad_money_or_fields_is_a_400_naming_the_field_and_nothing_is_written(string change, string field)
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-validation");
        var donor = await amss.CreateDonorAsync();
        var body = JsonSerializer.SerializeToNode(FundingCalls.GrantBody(donor, "amss-validation", null, "amss-validation"))!.AsObject();
        foreach (var (key, value) in JsonNodeObject(change))
        {
            body[key] = value?.DeepClone();
        }

        var before = await Platform.FundingDb(db => db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync());
        var response = await amss.PostAsync("/api/v1/funding/grants", FundingCalls.Json(body.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        Assert.Equal(before, await Platform.FundingDb(db => db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync()));
    }

    public static TheoryData<string, string> BadRates => new()
    {
        { """{"base":"EUR","quote":"USD","rate":0,"effectiveDate":"2026-01-01","source":"ECB"}""", "rate" },
        { """{"base":"EUR","quote":"USD","rate":-1.1,"effectiveDate":"2026-01-01","source":"ECB"}""", "rate" },
        { """{"base":"EUR","quote":"ABC","rate":0.85,"effectiveDate":"2026-01-01","source":"ECB"}""", "quote" },
        { """{"base":"EUR","quote":"XOF","rate":650,"effectiveDate":"2026-01-01","source":"ECB"}""", "quote" },
        { """{"base":"EUR","quote":"USD","rate":1.1,"source":"ECB"}""", "effectiveDate" },
        { """{"base":"EUR","quote":"USD","rate":1.1,"effectiveDate":"2026-01-01"}""", "source" },
    };

    [Theory]
    [MemberData(nameof(BadRates))]
    public async Task A_bad_exchange_rate_is_a_400_naming_the_field_and_nothing_is_written(string body, string field)
    {
        using var admin = await Platform.RatesAdminAsync(Platform.Gateway!);
        var before = await Platform.FundingDb(db => db.ExchangeRates.CountAsync());

        var response = await admin.PostAsync("/api/v1/funding/exchange-rates", FundingCalls.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        Assert.Equal(before, await Platform.FundingDb(db => db.ExchangeRates.CountAsync()));
    }

    [Fact]
    public async Task A_partner_without_the_admin_scope_cannot_enter_a_rate()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss");

        var response = await amss.PostAsync("/api/v1/funding/exchange-rates",
            FundingCalls.Json("""{"base":"EUR","quote":"USD","rate":2,"effectiveDate":"2026-11-01","source":"mine"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_transaction_with_30_decimals_or_a_negative_amount_is_refused_and_not_written()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-tx");
        var grant = await amss.CreateGrantAsync(Platform, "amss-tx");

        var thirty = await amss.PostAsync($"/api/v1/funding/grants/{grant}/transactions", FundingCalls.Json(
            """{"type":"disbursement","amount":1.123456789012345678901234567890,"currency":"USD","valueDate":"2026-02-01"}"""));
        var negative = await amss.PostAsync($"/api/v1/funding/grants/{grant}/transactions", FundingCalls.Json(
            """{"type":"disbursement","amount":-100,"currency":"USD","valueDate":"2026-02-01"}"""));
        var unknownType = await amss.PostAsync($"/api/v1/funding/grants/{grant}/transactions", FundingCalls.Json(
            """{"type":"gift","amount":100,"currency":"USD","valueDate":"2026-02-01"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, thirty.StatusCode);
        Assert.Contains("\"amount\"", await thirty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("\"amount\"", await negative.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        Assert.Contains("\"type\"", await unknownType.Content.ReadAsStringAsync());
        Assert.Equal(0, await Platform.FundingDb(db => db.Transactions.CountAsync(t => t.GrantId == grant)));
    }

    [Fact]
    public async Task A_grant_created_twice_with_one_idempotency_key_is_stored_once()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-retry");
        var donor = await amss.CreateDonorAsync();
        var body = JsonSerializer.Serialize(FundingCalls.GrantBody(donor, "amss-retry", null, "amss-retry", program: await Platform.ProgramAsync("amss-retry")));

        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/funding/grants") { Content = FundingCalls.Json(body) };
            request.Headers.Add("Idempotency-Key", "grant-retry-1");
            return await amss.SendAsync(request);
        }

        var first = await Post();
        var second = await Post();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await Platform.FundingDb(db => db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(g => g.PartnerId == "amss-retry")));
    }

    [Fact]
    public async Task A_grant_update_needs_the_current_etag()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-etag");
        var donor = await amss.CreateDonorAsync();
        var program = await Platform.ProgramAsync("amss-etag");
        var created = await amss.PostAsJsonAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "amss-etag", null, "amss-etag", program: program));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        var etag = created.Headers.ETag!.Tag;
        var closed = JsonSerializer.SerializeToNode(FundingCalls.GrantBody(donor, "amss-etag", null, "amss-etag", program: program))!.AsObject();
        closed["status"] = "closed";

        async Task<HttpResponseMessage> Put(string? ifMatch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/funding/grants/{id}") { Content = FundingCalls.Json(closed.ToJsonString()) };
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return await amss.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Put(null)).StatusCode);
        var updated = await Put(etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Put(etag)).StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal("closed", (await amss.GetOkAsync($"/api/v1/funding/grants/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Lists_are_paged()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-paging");
        for (var i = 0; i < 3; i++)
        {
            await amss.CreateDonorAsync($"Donor {i}", null);
        }

        var page = await amss.GetOkAsync("/api/v1/funding/organisations?page=2&pageSize=2");
        var tooLarge = await amss.GetAsync("/api/v1/funding/organisations?pageSize=100000");

        Assert.Equal(3, page.GetProperty("totalCount").GetInt64());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Budget_versus_actual_in_eur_shows_spending_per_line_and_result_with_the_rate_used()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-report");
        var result = Guid.NewGuid();
        var grant = await amss.CreateGrantAsync(Platform, "amss-report", results: [result]);
        var line = await amss.CreateBudgetLineAsync(grant, 10_000_000m, result);
        await amss.PostOkAsync($"/api/v1/funding/grants/{grant}/transactions",
            new { type = "expenditure", amount = 2_000_000m, currency = "XOF", valueDate = new DateOnly(2026, 3, 1), budgetLineId = line });
        await amss.PostOkAsync($"/api/v1/funding/grants/{grant}/transactions",
            new { type = "incoming-funds", amount = 30_000_000m, currency = "XOF", valueDate = new DateOnly(2026, 1, 15) });

        var report = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}/budget-vs-actual?currency=EUR&asOf=2026-07-02");

        Assert.Equal("EUR", report.GetProperty("currency").GetString());
        var figures = report.GetProperty("lines")[0];
        Assert.Equal(15_244.90m, figures.GetProperty("budget").GetDecimal()); // 10,000,000 ÷ 655.957
        Assert.Equal(3_048.98m, figures.GetProperty("spent").GetDecimal());   // 2,000,000 ÷ 655.957
        Assert.Equal(0.2m, figures.GetProperty("burnRate").GetDecimal());
        Assert.Equal(result, report.GetProperty("results")[0].GetProperty("resultId").GetGuid());
        Assert.Equal(655.957m, report.GetProperty("rates")[0].GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task Every_write_to_a_grant_leaves_one_audit_entry_with_its_outcome()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-audit");
        var grant = await amss.CreateGrantAsync(Platform, "amss-audit");
        await amss.CreateBudgetLineAsync(grant, 1_000m);
        var refused = await amss.PostAsync($"/api/v1/funding/grants/{grant}/transactions", FundingCalls.Json("""{"type":"gift"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var entries = await Platform.FundingDb(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.PartnerId == "amss-audit" && a.Resource == "grant").OrderBy(a => a.At).ToListAsync());

        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(grant.ToString(), e.ResourceId));
        Assert.Equal([201, 201, 400], entries.Select(e => e.StatusCode));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_funding_operation_with_a_name_and_a_summary()
    {
        using var anonymous = Platform.Funding!.CreateHttpClient();

        var document = await anonymous.GetOkAsync("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put").Select(o => (path.Name, o.Value)))
            .Where(o => !o.Name.EndsWith("/audit", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(38, operations.Count);
        Assert.All(operations, o => Assert.True(o.Value.TryGetProperty("operationId", out _) && o.Value.TryGetProperty("summary", out _), o.Name));
        Assert.Equal(operations.Count, operations.Select(o => o.Value.GetProperty("operationId").GetString()).Distinct().Count());
    }

    private static IEnumerable<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> JsonNodeObject(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject().ToList();

    private static async Task<JsonElement> UnprocessableAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode} {problem}");
        return problem.GetProperty("errors");
    }

    [Fact]
    public async Task A_grant_for_another_consortiums_program_is_refused_with_a_422_naming_programId_and_nothing_is_written()
    {
        var othersProgram = await Platform.ProgramAsync("program-owner", ["program-member"]);
        using var intruder = await Platform.FundingPartnerAsync(Platform.Gateway!, "grant-intruder");
        var donor = await intruder.CreateDonorAsync();

        var asLead = await intruder.PostAsJsonAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "grant-intruder", null, "program-owner", program: othersProgram));
        var unheardOf = await intruder.PostAsJsonAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "grant-intruder", null, "grant-intruder", program: Guid.NewGuid()));

        Assert.True((await UnprocessableAsync(asLead)).TryGetProperty("programId", out _));
        Assert.True((await UnprocessableAsync(unheardOf)).TryGetProperty("programId", out _));
        Assert.Equal(0, await Platform.FundingDb(db => db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(g => g.PartnerId == "grant-intruder")));
    }

    [Fact]
    public async Task A_grant_naming_another_partner_than_the_programs_lead_as_its_lead_is_refused_with_a_422_naming_programLeadPartnerId()
    {
        var program = await Platform.ProgramAsync("consortium-lead", ["consortium-member"]);
        using var member = await Platform.FundingPartnerAsync(Platform.Gateway!, "consortium-member");
        var donor = await member.CreateDonorAsync();

        var wrongLead = await member.PostAsJsonAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "consortium-member", null, "consortium-member", program: program));
        var recorded = await member.PostAsJsonAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "consortium-member", null, "consortium-lead", program: program));

        Assert.True((await UnprocessableAsync(wrongLead)).TryGetProperty("programLeadPartnerId", out _));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
    }

    [Fact]
    public async Task A_budget_line_for_a_result_outside_the_grants_program_is_refused_with_a_422_naming_resultId()
    {
        var ownResult = Guid.NewGuid();
        var othersResult = Guid.NewGuid();
        await Platform.ProgramAsync("results-other", results: [othersResult]);
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-results");
        var grant = await amss.CreateGrantAsync(Platform, "amss-results", results: [ownResult]);

        var outside = await amss.PostAsJsonAsync($"/api/v1/funding/grants/{grant}/budget-lines", FundingCalls.LineBody(1_000m, othersResult));
        var own = await amss.PostAsJsonAsync($"/api/v1/funding/grants/{grant}/budget-lines", FundingCalls.LineBody(1_000m, ownResult));

        Assert.True((await UnprocessableAsync(outside)).TryGetProperty("resultId", out _));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(1, await Platform.FundingDb(db => db.BudgetLines.CountAsync(l => l.GrantId == grant)));
    }
}
