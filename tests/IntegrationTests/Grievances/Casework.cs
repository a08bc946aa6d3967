using System.Data.Common;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Grievances.Data;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>Grievances behind the gateway, with the identity service (and Beneficiaries, which every platform has).</summary>
public sealed class GrievancesPlatform : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Grievances = true, Gateway = true };

    /// <summary>The partners cases are referred to; a case goes only to a registered, enabled partner.</summary>
    protected override string[] RegisteredPartners => ["amss", "wildaf", "ades"];
}

/// <summary>Partners' case workers on the Grievances API, through the gateway, and what a test reads of its database.</summary>
internal static class Casework
{
    public const string Cases = "/api/v1/grievances/cases";
    public const string Referrals = "/api/v1/grievances/referrals";

    /// <summary>A client with <c>grievances.read</c> and <c>grievances.casework</c> unless told otherwise.</summary>
    public static Task<HttpClient> CaseworkerAsync(this TestPlatform platform, string partner, params string[] scopes) =>
        platform.ClientAsync(platform.Gateway!, partner, scopes.Length > 0 ? scopes : [Scopes.GrievancesRead, Scopes.GrievancesCasework]);

    public static object Case(string? name = "Aminata Touré", string? phone = "76123456", string? address = "Quartier Abaradjou",
        bool services = true, bool referral = true, bool reporting = true, string sex = "female", int? age = 16, string? caseWorker = "cw-07",
        Guid? programId = null) => new
    {
        survivor = new { name, phone, address },
        sex,
        ageAtRegistration = age,
        riskLevel = "high",
        caseWorker,
        consent = new { services, referral, reporting },
        programId,
    };

    /// <summary>A program as Activities publishes it (published here on the test's broker), once Grievances' projection holds it.</summary>
    public static async Task<Guid> ProgramAsync(this TestPlatform platform, string lead, params string[] members)
    {
        var program = Guid.NewGuid();
        await platform.Beneficiaries.Services.GetRequiredService<IBus>().Publish(new ProgramChanged(program, lead, members, [], platform.Clock.GetUtcNow(), 1));
        await Eventually.TrueAsync(() => platform.GrievancesDb(db => db.KnownPrograms.AnyAsync(p => p.Id == program)), TimeSpan.FromSeconds(30),
            $"Grievances to hear of the program of {lead}");
        return program;
    }

    public static object Incident(string type = "forced_marriage", string date = "2026-10-14", string commune = "ML060201", string? narrative = "Récit confidentiel") =>
        new { type, date, dateIsApproximate = false, communePcode = commune, perpetratorCategory = "family_member", narrative };

    public static async Task<JsonElement> OpenCaseAsync(this HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync(Cases, body ?? Case());
        return await SucceededAsync(response, "opening a case");
    }

    public static async Task<JsonElement> RecordIncidentAsync(this HttpClient client, Guid caseId, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"{Cases}/{caseId}/incidents", body ?? Incident());
        return await SucceededAsync(response, "recording an incident");
    }

    public static async Task<JsonElement> ReferAsync(this HttpClient client, Guid caseId, object body)
    {
        var response = await client.PostAsJsonAsync($"{Cases}/{caseId}/referrals", body);
        return await SucceededAsync(response, "referring a case");
    }

    public static async Task<JsonElement> SucceededAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{what} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Guid Id(this JsonElement json) => json.GetProperty("id").GetGuid();

    /// <summary>Posts with the case's current ETag in If-Match.</summary>
    public static async Task<HttpResponseMessage> SendWithETagAsync(this HttpClient client, HttpMethod method, Guid caseId, string path, object body)
    {
        var read = await client.GetAsync($"{Cases}/{caseId}");
        using var request = new HttpRequestMessage(method, $"{Cases}/{caseId}{path}") { Content = JsonContent.Create(body) };
        if (read.Headers.ETag is { } etag)
        {
            request.Headers.IfMatch.Add(etag);
        }

        return await client.SendAsync(request);
    }

    public static Task<T> GrievancesDb<T>(this TestPlatform platform, Func<GrievancesDbContext, Task<T>> query) =>
        platform.Db(platform.Grievances!, query);

    /// <summary>Every value of every row of these tables, read with plain SQL through the service's own connection: what sits on disk.</summary>
    public static Task<string> RawTablesAsync(this TestPlatform platform, params string[] tables) =>
        platform.GrievancesDb(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            var text = new StringBuilder();
            try
            {
                foreach (var table in tables)
                {
                    await using DbCommand command = connection.CreateCommand();
                    command.CommandText = $"SELECT * FROM {table}";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                            text.Append(table).Append('.').Append(reader.GetName(i)).Append('=')
                                .Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                                .Append('\n');
                        }
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return text.ToString();
        });
}
