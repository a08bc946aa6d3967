// Times the Activities reports (reach, and indicator progress) through the gateway over a program
// with 1,000,000 attendance rows, 10,000 completed activities and 100,000 beneficiaries in the
// projection (2 % of them merged into another record), on the platform started in-process by
// TestSupport (real PostgreSQL and RabbitMQ, from the same TEST_* variables as the tests).
// The program and its framework are made through the API; the rows are written straight into the
// Activities database with generate_series, since loading a million rows through the API is not
// what is measured.
//
//   dotnet run -c Release --project bench/ActivitiesReportsBench [attendance rows] [no-vacuum]   (default: 1000000, vacuumed)
//
// It reports and never fails: a missing database or broker prints why and exits 0. PostgreSQL only.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var attendanceRows = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var vacuum = !(args.Length > 1 && args[1] == "no-vacuum");
const int Beneficiaries = 100_000;
const int PerActivity = 100;
var activities = attendanceRows / PerActivity;
try
{
    await using var platform = await TestPlatform.StartAsync("ActivitiesReportsBench", new PlatformOptions { Gateway = true });
    using var lead = await platform.ClientAsync(platform.Gateway!, "bench-lead", Scopes.ActivitiesRead, Scopes.ActivitiesWrite);
    lead.Timeout = TimeSpan.FromMinutes(10);
    // A member must be a registered partner, and accepts the lead's invitation with its own token.
    await platform.RegisterPartnersAsync("bench-member");
    using var member = await platform.ClientAsync(platform.Gateway!, "bench-member", Scopes.ActivitiesRead, Scopes.ActivitiesWrite);

    var program = await CreatedAsync(lead, "/api/v1/activities/programs", new
    {
        code = "BENCH", titleFr = "Banc d'essai", members = new[] { new { partnerId = "bench-member", role = "implementing" } },
        communePcodes = new[] { "ML0602", "ML0605" }, startDate = "2026-01-01", endDate = "2027-12-31",
    });
    (await member.PostAsync($"/api/v1/activities/programs/{program}/invitation/accept", null)).EnsureSuccessStatusCode();
    var period = await CreatedAsync(lead, $"/api/v1/activities/programs/{program}/periods", new { label = "2026-Q4", startDate = "2026-10-01", endDate = "2026-12-31" });
    var objective = await CreatedAsync(lead, $"/api/v1/activities/programs/{program}/objectives", new { code = "SO1", title = "Accès à la justice", kind = "specific" });
    var result = await CreatedAsync(lead, $"/api/v1/activities/programs/{program}/results", new { objectiveId = objective, code = "1.1", title = "Relais formés", type = "output" });
    var indicator = await CreatedAsync(lead, $"/api/v1/activities/programs/{program}/indicators", new
    {
        resultId = result, code = "1.1.1", title = "Personnes formées", measure = "unit", source = "distinct_people",
        dimensions = new[] { "sex", "age_band", "disability", "displacement", "commune" }, targets = new[] { new { periodId = period, value = 80000 } },
    });

    var seeding = Stopwatch.StartNew();
    const string Communes = "ARRAY['ML060201','ML060202','ML060203','ML060501','ML060502','ML060503']";
    await platform.ActivitiesDb(async db =>
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        // Every value below is generated here (numbers and ids), none comes from outside.
        string[] statements =
        [
            $"""
            INSERT INTO known_beneficiaries ("Id","PartnerId","Kind","Sex","BirthYear","HasDisability","DisplacementStatus","CommunePcode","RegisteredAt","MergedIntoId")
            SELECT md5('b' || g)::uuid, 'bench-member', 'individual', (ARRAY['female','male','female','male','other'])[1 + g % 5],
                   1940 + g % 85, g % 13 = 0, (ARRAY['host','idp','returnee','refugee','idp_returnee'])[1 + g % 5],
                   ({Communes})[1 + g % 6], now(), CASE WHEN g % 50 = 0 THEN md5('b' || (g - 1))::uuid END
            FROM generate_series(1, {Beneficiaries}) g
            """,
            $"""
            INSERT INTO activities ("Id","ProgramId","PartnerId","Title","Type","ResultIds","IndicatorIds","CommunePcode","PlannedStart","PlannedEnd",
                                    "ActualStart","ActualEnd","Status","Version","CreatedAt","CompletedAt")
            SELECT md5('a' || g)::uuid, '{program}'::uuid, 'bench-member', 'Formation ' || g, 'training', ARRAY['{result}'::uuid], ARRAY['{indicator}'::uuid],
                   ({Communes})[1 + g % 6], date '2026-10-01', date '2026-10-02', date '2026-10-01', date '2026-10-01' + (g % 80), 'completed', 2, now(), now()
            FROM generate_series(1, {activities}) g
            """,
            // Each activity has {PerActivity} distinct attendees; 7919 is prime to 100000, so they spread over everyone.
            $"""
            INSERT INTO attendance ("ActivityId","BeneficiaryId","RecordedAt")
            SELECT md5('a' || g)::uuid, md5('b' || ((((g::bigint * {PerActivity}) + k) * 7919) % {Beneficiaries} + 1))::uuid, now()
            FROM generate_series(1, {activities}) g, generate_series(0, {PerActivity - 1}) k
            """,
            // What completing those activities writes (ReachedRecords): the attendance folded by program, indicator slot
            // (every activity, and each indicator it serves), commune, partner and type, with the first and last actual end,
            // and the person each record counts as (its survivor when merged).
            """
            INSERT INTO reached_records ("ProgramId","IndicatorId","CommunePcode","PartnerId","Type","BeneficiaryId","PersonId","FirstEnd","LastEnd","Version")
            SELECT a."ProgramId", slot, a."CommunePcode", a."PartnerId", a."Type", t."BeneficiaryId", COALESCE(k."MergedIntoId", t."BeneficiaryId"),
                   min(a."ActualEnd"), max(a."ActualEnd"), 0
            FROM attendance t JOIN activities a ON a."Id" = t."ActivityId"
            LEFT JOIN known_beneficiaries k ON k."Id" = t."BeneficiaryId"
            CROSS JOIN LATERAL unnest(array_prepend('00000000-0000-0000-0000-000000000000'::uuid, a."IndicatorIds")) AS slot
            WHERE a."Status" = 'completed'
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """,
            "ANALYZE known_beneficiaries; ANALYZE activities; ANALYZE attendance; ANALYZE reached_records;",
        ];
        // A table written once in bulk has not been vacuumed yet, which a running database's autovacuum does after such
        // inserts; index-only reads need it (VACUUM runs outside a transaction, one table per command).
        if (vacuum)
        {
            statements = [.. statements, "VACUUM ANALYZE reached_records", "VACUUM ANALYZE known_beneficiaries"];
        }

        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }

        return 0;
    });
    Console.WriteLine($"Seeded {Beneficiaries:N0} beneficiaries, {activities:N0} completed activities and {attendanceRows:N0} attendance rows in {seeding.Elapsed.TotalSeconds:0.0} s.");
    Console.WriteLine($"{Environment.ProcessorCount} cores; load average before the reports: {LoadAverage()}{(vacuum ? "" : " (tables not vacuumed)")}");

    var reports = new (string Name, string Url)[]
    {
        ("reach, whole program", $"/api/v1/activities/programs/{program}/reach?ageOn=2026-11-25"),
        ("reach, women 18-59 in Goundam cercle", $"/api/v1/activities/programs/{program}/reach?commune=ML0602&sex=female&ageBand=18-59&ageOn=2026-11-25"),
        ("indicator progress, 2026-Q4 (5 dimensions)", $"/api/v1/activities/programs/{program}/progress?periodId={period}"),
    };
    Console.WriteLine($"{"report",-45} {"first (ms)",11} {"median of 5 (ms)",17}  figure");
    foreach (var (name, url) in reports)
    {
        var times = new List<double>();
        JsonElement answer = default;
        for (var run = 0; run < 6; run++)
        {
            var watch = Stopwatch.StartNew();
            var response = await lead.GetAsync(url);
            response.EnsureSuccessStatusCode();
            answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var figure = answer.TryGetProperty("distinctPeople", out var people)
            ? $"{people.GetString()} distinct people"
            : $"actual {answer.GetProperty("indicators")[0].GetProperty("actual").GetString()}, {answer.GetProperty("indicators")[0].GetProperty("percentOfTarget")} % of target";
        Console.WriteLine($"{name,-45} {times[0],11:0} {times.Skip(1).Order().ElementAt(2),17:0}  {figure}");
    }

    Console.WriteLine($"Load average after the reports: {LoadAverage()}");
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static async Task<Guid> CreatedAsync(HttpClient client, string url, object body)
{
    var response = await client.PostAsJsonAsync(url, body);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}
