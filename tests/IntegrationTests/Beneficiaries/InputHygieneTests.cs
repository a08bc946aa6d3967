using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>What a careless or hostile upload can put in a record, and what erasure leaves behind.</summary>
public sealed class InputHygieneTests(InputHygieneTests.Platform platform) : IClassFixture<InputHygieneTests.Platform>, IAsyncLifetime
{
    private readonly TestPlatform _platform = platform.Platform;
    private HttpClient _amss = null!;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    public async Task InitializeAsync() => _amss = await _platform.PartnerAsync("amss");

    public Task DisposeAsync()
    {
        _amss.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("@SUM(A1)")]
    [InlineData("-2+3")]
    public async Task A_name_without_a_letter_or_starting_like_a_formula_is_refused_naming_the_field(string givenName)
    {
        var response = await _amss.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person(givenName: givenName));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("givenName", out _));
    }

    [Fact]
    public async Task A_body_with_a_key_given_twice_is_refused()
    {
        const string body = """{"givenName":"Awa","givenName":"Fatou","familyName":"Touré","sex":"female","birthDate":"1994-03-12","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""";

        var response = await _amss.PostAsync("/api/v1/beneficiaries", Gateway.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_name_is_stored_in_composed_form_and_trimmed()
    {
        var created = await _amss.RegisterAsync(Samples.Person(givenName: "  Aminata ", familyName: "Mai\u0308ga"));

        var read = await _amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{created.GetProperty("id")}");

        Assert.Equal(("Aminata", "Maïga"), (read.GetProperty("givenName").GetString(), read.GetProperty("familyName").GetString()));
    }

    [Theory]
    [InlineData("text/csv", "givenName,familyName,sex\n")]
    [InlineData("text/csv", "\uFEFF")]
    [InlineData("application/json", "[ ]")]
    public async Task An_upload_with_no_rows_is_a_400_not_an_empty_success(string contentType, string body)
    {
        var response = await _amss.PostAsync("/api/v1/beneficiaries/imports", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task After_erasure_no_table_holds_a_canary_sent_in_the_body_the_idempotency_key_or_the_correlation_id()
    {
        var canary = "Canary" + Guid.NewGuid().ToString("N")[..10];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries")
        {
            Content = JsonContent.Create(Samples.Person(givenName: canary, familyName: canary + "Family", phone: "+223 76 55 44 33")),
        };
        request.Headers.Add("Idempotency-Key", $"registration of {canary} at Goundam");
        request.Headers.Add("X-Correlation-Id", $"{canary}-upload");
        var created = await _amss.SendAsync(request);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.NotEmpty(await TextColumnsHoldingAsync(canary));

        (await _amss.PostAsync($"/api/v1/beneficiaries/{id}/erasure", null)).EnsureSuccessStatusCode();

        Assert.Empty(await TextColumnsHoldingAsync(canary));
    }

    /// <summary>Every text and binary column of every table of the service that holds <paramref name="canary"/>.</summary>
    private Task<List<string>> TextColumnsHoldingAsync(string canary) => _platform.BeneficiariesDb(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'ARRAY')
                """;
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        var holding = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            var value = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text";
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE {value} ILIKE '%' || @canary || '%'";
            var parameter = count.CreateParameter();
            parameter.ParameterName = "canary";
            parameter.Value = canary;
            count.Parameters.Add(parameter);
            if ((long)(await count.ExecuteScalarAsync())! > 0) holding.Add($"{table}.{column}");
        }

        return holding;
    });
}
