// Times a bulk upload of beneficiaries through the gateway, from the POST to the completed
// summary, on the platform started in-process by TestSupport (real PostgreSQL and RabbitMQ,
// from the same TEST_* variables as the integration tests).
//
//   dotnet run -c Release --project bench/BulkUploadBench [rows ...]       (default: 10000 100000)
//   dotnet run -c Release --project bench/BulkUploadBench garbage [rows]   (default: 100000)
//   dotnet run -c Release --project bench/BulkUploadBench cluster [people] (default: 1000)
//
// Each size is compared with PostgreSQL's own COPY of the same CSV (its ten columns as text) into
// an empty table of the same database, timed in the same run: "ratio" is the COPY's seconds over
// the platform's, from the upload to the last event consumed ("in all").
//
// The garbage mode uploads one valid row followed by that many rows with four bad fields each
// (so the import reads the whole file instead of stopping early), polls the status every 50 ms
// while it runs, samples the process's resident memory every 100 ms, and checks the stored file
// is gone at the end. The services run inside this process, so its memory is an upper bound of
// the Beneficiaries service's; Activities is not started in this mode.
//
// The cluster mode registers that many people whose match keys are all equal (same name, sex,
// birth year, commune and phone), one request at a time through the gateway, and compares the
// time of the last ten registrations with the first ten.
//
// It reports and never fails: a missing database or broker prints why and exits 0.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

// The in-process hosts find their content roots from the output folder, not from where dotnet run was started.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var garbage = args.FirstOrDefault() == "garbage";
var cluster = args.FirstOrDefault() == "cluster";
var sizes = args.Skip(garbage || cluster ? 1 : 0).Select(int.Parse).ToArray() is { Length: > 0 } given ? given
    : garbage ? [100_000] : cluster ? [1_000] : [10_000, 100_000];
Console.WriteLine($"cores {Environment.ProcessorCount}, load average {LoadAverage()} at start");
try
{
    await using var platform = await TestPlatform.StartAsync("BulkUploadBench", new PlatformOptions { Gateway = true, Activities = !garbage && !cluster });
    using var client = await platform.ClientAsync(platform.Gateway!, "bench", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
    client.Timeout = TimeSpan.FromMinutes(10);

    if (cluster)
    {
        await ClusterAsync(client, sizes[0]);
        return;
    }

    if (garbage)
    {
        foreach (var rows in sizes)
        {
            await GarbageAsync(platform, client, rows);
        }

        return;
    }

    Console.WriteLine($"{"rows",8} {"MB",6} {"accepted (s)",13} {"completed (s)",14} {"rows/s",8} {"consumed +(s)",15} {"in all (s)",11} {"COPY (s)",9} {"ratio",6}  summary");
    foreach (var rows in sizes)
    {
        var csv = Csv(rows, seed: rows);
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries/imports") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        request.Headers.Add("Idempotency-Key", $"bench-{rows}-{Guid.NewGuid():N}");
        var accepted = await client.SendAsync(request);
        accepted.EnsureSuccessStatusCode();
        var acceptedAfter = watch.Elapsed;

        JsonElement import;
        do
        {
            await Task.Delay(250);
            import = await client.GetFromJsonAsync<JsonElement>(accepted.Headers.Location);
        }
        while (import.GetProperty("status").GetString() is "queued" or "running");

        var total = watch.Elapsed;
        var stats = import.GetProperty("summary").GetProperty("stats");
        var created = stats.GetProperty("created").GetInt32();
        var id = Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]);
        var ids = await platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == id).Select(b => b.Id).ToListAsync());
        // Every registered event consumed: Activities knows each person of this upload.
        while (await platform.ActivitiesDb(db => db.KnownBeneficiaries.CountAsync(k => ids.Contains(k.Id))) < created)
        {
            await Task.Delay(250);
        }

        var inAll = watch.Elapsed;
        var consumed = inAll - total;
        var copy = await BareCopyAsync(platform, csv);
        Console.WriteLine($"{rows,8} {csv.Length / 1024.0 / 1024.0,6:0.0} {acceptedAfter.TotalSeconds,13:0.00} {total.TotalSeconds,14:0.00} {rows / total.TotalSeconds,8:0} {consumed.TotalSeconds,15:0.00} " +
            $"{inAll.TotalSeconds,11:0.00} {copy.TotalSeconds,9:0.00} {copy / inAll,6:0.000}  {stats}  load {LoadAverage()}");
    }
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}

// PostgreSQL's own COPY of the same CSV into an empty table of its columns, in one transaction, on the service's database.
static async Task<TimeSpan> BareCopyAsync(TestPlatform platform, string csv) => await platform.BeneficiariesDb(async db =>
{
    var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
    await connection.OpenAsync();
    const string Columns = "given_name text, family_name text, sex text, birth_date text, displacement_status text, commune_pcode text, phone text, vulnerabilities text, consent_given text, consent_date text";
    await using (var create = new Npgsql.NpgsqlCommand($"DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy ({Columns})", connection))
    {
        await create.ExecuteNonQueryAsync();
    }

    var watch = Stopwatch.StartNew();
    await using (var transaction = await connection.BeginTransactionAsync())
    {
        await using (var writer = await connection.BeginTextImportAsync("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)"))
        {
            await writer.WriteAsync(csv);
        }

        await transaction.CommitAsync();
    }

    var elapsed = watch.Elapsed;
    await using (var drop = new Npgsql.NpgsqlCommand("DROP TABLE bench_copy", connection))
    {
        await drop.ExecuteNonQueryAsync();
    }

    return elapsed;
});

static async Task GarbageAsync(TestPlatform platform, HttpClient client, int rows)
{
    var csv = new StringBuilder(Csv(1, seed: rows));
    for (var row = 0; row < rows; row++)
    {
        csv.Append("Prenom,Nom,zz,2999-01-01,nomad,ML000000,,,true,2026-10-01\n");
    }

    var body = csv.ToString();
    csv.Clear();
    GC.Collect();
    var before = ResidentMegabytes();
    using var sampling = new CancellationTokenSource();
    var peak = before;
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, ResidentMegabytes());
            await Task.Delay(100);
        }
    });

    var watch = Stopwatch.StartNew();
    var accepted = await client.PostAsync("/api/v1/beneficiaries/imports", new StringContent(body, Encoding.UTF8, "text/csv"));
    accepted.EnsureSuccessStatusCode();
    var acceptedAfter = watch.Elapsed;
    var polls = new List<double>();
    JsonElement import;
    do
    {
        await Task.Delay(50);
        var poll = Stopwatch.StartNew();
        import = await client.GetFromJsonAsync<JsonElement>(accepted.Headers.Location);
        polls.Add(poll.Elapsed.TotalMilliseconds);
    }
    while (import.GetProperty("status").GetString() is "queued" or "running");

    var total = watch.Elapsed;
    var finished = Stopwatch.StartNew();
    var page = await client.GetStringAsync(accepted.Headers.Location + "?errorsPage=3&errorsPageSize=100");
    var finishedPoll = finished.Elapsed.TotalMilliseconds;
    await sampling.CancelAsync();
    await sampler;
    var id = Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]);
    var stored = await platform.BeneficiariesDb(db => db.Imports.Where(i => i.Id == id).Select(i => i.Payload.Length).SingleAsync());
    polls.Sort();
    var summary = import.GetProperty("summary");

    Console.WriteLine($"garbage rows {rows:N0} ({body.Length / 1024.0 / 1024.0:0.0} MB) after 1 valid row, through the gateway");
    Console.WriteLine($"  accepted {acceptedAfter.TotalSeconds:0.00} s, {import.GetProperty("status")} after {total.TotalSeconds:0.00} s: {summary.GetProperty("stats")}");
    Console.WriteLine($"  errors kept {summary.GetProperty("errorsStored")}, counted {summary.GetProperty("errorCounts")}");
    Console.WriteLine($"  process RSS (all in-process services): {before:0} MB before the upload, peak {peak:0} MB during it");
    Console.WriteLine($"  status polls while running: {polls.Count}, p50 {At(polls, 0.5):0.0} ms, p95 {At(polls, 0.95):0.0} ms, max {polls[^1]:0.0} ms; " +
        $"a page of 100 errors when finished: {finishedPoll:0.0} ms ({page.Length / 1024.0:0} KB)");
    Console.WriteLine($"  stored file after the import: {stored} bytes; load average {LoadAverage()}");
}

static async Task ClusterAsync(HttpClient client, int people)
{
    // Warm-up with people of other keys, so the first members do not pay for start-up.
    for (var i = 0; i < 20; i++)
    {
        (await client.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person(givenName: $"Warm{(char)('a' + i)}", familyName: "Up"))).EnsureSuccessStatusCode();
    }

    var times = new List<double>(people);
    for (var i = 0; i < people; i++)
    {
        while (true)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person(givenName: "Aminata", familyName: "Cluster", phone: "+223 76000000"));
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                // The partner's rate limit, not the registration: wait it out and time the retry.
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            response.EnsureSuccessStatusCode();
            times.Add(elapsed);
            break;
        }
    }

    var first = times.Take(10).Average();
    var last = times.TakeLast(10).Average();
    Console.WriteLine($"cluster of {people:N0} people with equal match keys, registered one at a time through the gateway");
    Console.WriteLine($"  members 1-10: {first:0.0} ms mean; members {people - 9}-{people}: {last:0.0} ms mean; ratio {last / first:0.00}; all: {times.Average():0.0} ms mean");
    Console.WriteLine($"  load average {LoadAverage()}");
}

static double At(List<double> sorted, double quantile) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];

static double ResidentMegabytes() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).FirstOrDefault();

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

// Distinct people over the six communes of the justice project; the seed keeps runs apart.
static string Csv(int rows, int seed)
{
    string[] communes = ["ML060201", "ML060202", "ML060203", "ML060501", "ML060502", "ML060503"];
    var csv = new StringBuilder(rows * 110).AppendLine("givenName,familyName,sex,birthDate,displacementStatus,communePcode,phone,vulnerabilities,consentGiven,consentDate");
    for (var row = 1; row <= rows; row++)
    {
        csv.Append("Prenom").Append(seed).Append('-').Append(row).Append(",Nom").Append(row)
            .Append(row % 2 == 0 ? ",female," : ",male,")
            .Append(1950 + row % 60).Append('-').Append((1 + row % 12).ToString("00")).Append('-').Append((1 + row % 28).ToString("00"))
            .Append(",idp,").Append(communes[row % communes.Length]).Append(",+223 7").Append(row.ToString("0000000"))
            .Append(",woman youth,true,2026-10-01\n");
    }

    return csv.ToString();
}
