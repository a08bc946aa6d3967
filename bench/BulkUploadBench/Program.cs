// Times a bulk upload of beneficiaries through the gateway, from the POST to the completed
// summary, on the platform started in-process by TestSupport (real PostgreSQL and RabbitMQ,
// from the same TEST_* variables as the integration tests).
//
//   dotnet run -c Release --project bench/BulkUploadBench [rows ...]     (default: 10000 100000)
//
// It reports and never fails: a missing database or broker prints why and exits 0.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

// The in-process hosts find their content roots from the output folder, not from where dotnet run was started.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 100_000];
try
{
    await using var platform = await TestPlatform.StartAsync("BulkUploadBench", new PlatformOptions { Gateway = true });
    using var client = await platform.ClientAsync(platform.Gateway!, "bench", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
    client.Timeout = TimeSpan.FromMinutes(10);

    Console.WriteLine($"{"rows",8} {"MB",6} {"accepted (s)",13} {"completed (s)",14} {"rows/s",8}  summary");
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
        Console.WriteLine($"{rows,8} {csv.Length / 1024.0 / 1024.0,6:0.0} {acceptedAfter.TotalSeconds,13:0.00} {total.TotalSeconds,14:0.00} {rows / total.TotalSeconds,8:0}  {stats}");
    }
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}

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
