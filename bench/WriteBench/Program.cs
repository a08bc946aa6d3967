// Measures the write path: registrations (POST /api/v1/beneficiaries) through the gateway with a
// partner token, on the platform started in-process by TestSupport (real PostgreSQL and RabbitMQ,
// from the same TEST_* variables as the integration tests), against a bare endpoint in this same
// process (a minimal API, no authentication, no outbox: one EF Core insert of the same row into the
// same table shape, in a database of its own on the same server). Both are saturated by the same
// closed-loop load generator with the same concurrency, in alternating rounds; each line gives the
// process CPU time per request (services, gateway and load generator together).
//
//   dotnet run -c Release --project bench/WriteBench [workers] [seconds] [rounds]   (default: 16 10 2)
//   dotnet run -c Release --project bench/WriteBench 1 [seconds] breakdown           (one request at a time: CPU, database round trips and commits per registration)
//   dotnet run -c Release --project bench/WriteBench [workers] [seconds] gateway     (registrations through the gateway only, to attach a profiler to the printed process)
//
// It reports and never fails: a missing database or broker prints why and exits 0.
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

// The in-process hosts find their content roots from the output folder, not from where dotnet run was started.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var workers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var breakdown = args.Length > 2 && args[2] == "breakdown";
var gatewayOnly = args.Length > 2 && args[2] == "gateway";
var rounds = args.Length > 2 && !breakdown && !gatewayOnly ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var duration = TimeSpan.FromSeconds(seconds);
try
{
    await using var platform = await TestPlatform.StartAsync("WriteBench", new PlatformOptions
    {
        Activities = false,
        Gateway = true,
        // The bench is one partner calling flat out: the gateway's per-partner budget must not be what is measured.
        GatewaySettings = { ["RateLimiting:PermitLimit"] = "100000000" },
    });
    var token = await platform.TokenAsync("bench", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
    var secret = Encoding.UTF8.GetBytes(platform.SettingsOf("beneficiaries")["Beneficiaries:MatchKeySecret"]!);
    await using var bare = await BareEndpoint.StartAsync(platform.Resources.DatabaseConnectionString("bare"), secret);

    using var bareClient = Client(bare.Address, workers);
    using var direct = Client(platform.Beneficiaries.Address, workers);
    using var gateway = Client(platform.Gateway!.Address, workers);
    direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    var next = 0;
    Func<int, HttpRequestMessage> bareRequest = _ => Registration(BareEndpoint.Path, Interlocked.Increment(ref next), idempotencyKey: false);
    Func<int, HttpRequestMessage> platformRequest = _ => Registration("/api/v1/beneficiaries", Interlocked.Increment(ref next), idempotencyKey: true);
    (string What, HttpClient Client, Func<int, HttpRequestMessage> Request)[] lines =
    [
        ("bare insert endpoint", bareClient, bareRequest),
        ("POST /api/v1/beneficiaries, gateway", gateway, platformRequest),
        ("POST /api/v1/beneficiaries, direct", direct, platformRequest),
    ];

    // One warm-up of each path, so that JIT, the first connections and the pools are not measured.
    foreach (var line in lines)
    {
        await Load.ClosedAsync(line.Client, line.Request, 201, workers, TimeSpan.FromSeconds(Math.Min(3, seconds)));
    }

    if (gatewayOnly)
    {
        Console.WriteLine($"Registrations through the gateway for {seconds:0} s in process {Environment.ProcessId}");
        Print(lines[1].What, await Load.ClosedAsync(gateway, platformRequest, 201, workers, duration));
        return;
    }

    var header = $"{"what",-40} {"req/s",9} {"mean ms",8} {"p99 ms",8} {"errors",7} {"CPU ms/req",11} {"KB/req",8}";
    if (breakdown)
    {
        // One request at a time, so that each line's CPU, round trips and commits per request are the request's own.
        using var counter = new DatabaseCounter();
        Console.WriteLine($"WriteBench breakdown: {Environment.ProcessorCount} cores, one worker, {seconds:0} s per line, in process {Environment.ProcessId}");
        Console.WriteLine(header);
        foreach (var line in lines)
        {
            counter.Start();
            var result = await Load.ClosedAsync(line.Client, line.Request, 201, 1, duration);
            var (commands, commits) = counter.Stop();
            Print(line.What, result);
            var n = Math.Max(1, result.Requests);
            // Background work (the outbox dispatcher, workers polling) is counted too; its statements are told apart by their text.
            Console.WriteLine($"    database round trips per request {commands.Values.Sum() / (double)n:0.00}, commits {commits / (double)n:0.00}:");
            foreach (var (sql, count) in commands.OrderByDescending(c => c.Value))
            {
                Console.WriteLine($"      {count / (double)n,6:0.00}  {sql}");
            }
        }

        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return;
    }

    Console.WriteLine();
    Console.WriteLine($"WriteBench: {Environment.ProcessorCount} cores, {workers} workers, {seconds:0} s per line, {rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine(header);
    var results = lines.ToDictionary(l => l.What, _ => new List<Load.Result>());
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var line in lines)
        {
            var result = await Load.ClosedAsync(line.Client, line.Request, 201, workers, duration);
            results[line.What].Add(result);
            Print($"{line.What} ({round})", result);
        }

        Console.WriteLine($"    platform (gateway) / bare {results[lines[1].What][^1].PerSecond / results[lines[0].What][^1].PerSecond,6:0.000}   load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    double Mean(string what, Func<Load.Result, double> of) => results[what].Average(of);
    var (bareName, gatewayName, directName) = (lines[0].What, lines[1].What, lines[2].What);
    Console.WriteLine();
    Console.WriteLine($"mean of {rounds} rounds                       req/s   CPU ms/req");
    Console.WriteLine($"bare insert endpoint                  {Mean(bareName, r => r.PerSecond),9:0} {Mean(bareName, r => r.CpuMsPerRequest),11:0.000}");
    Console.WriteLine($"registration through the gateway      {Mean(gatewayName, r => r.PerSecond),9:0} {Mean(gatewayName, r => r.CpuMsPerRequest),11:0.000}");
    Console.WriteLine($"registration straight at the service  {Mean(directName, r => r.PerSecond),9:0} {Mean(directName, r => r.CpuMsPerRequest),11:0.000}");
    Console.WriteLine($"platform (gateway) / bare             {Mean(gatewayName, r => r.PerSecond) / Mean(bareName, r => r.PerSecond),9:0.000}   (target >= 0.5)");
    Console.WriteLine($"load average after                    {File.ReadAllText("/proc/loadavg").Trim()}");
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}

static HttpClient Client(Uri address, int connections) =>
    new(new SocketsHttpHandler { MaxConnectionsPerServer = connections * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

// A distinct person each time (a name spelt from the counter, a birth date from it), so that the
// duplicate check looks but never finds, and its cost does not grow during the run.
static HttpRequestMessage Registration(string path, int n, bool idempotencyKey)
{
    var name = new StringBuilder();
    for (var rest = n; rest > 0; rest /= 26)
    {
        name.Append((char)('a' + rest % 26));
    }

    var body = JsonSerializer.SerializeToUtf8Bytes(Samples.Person(givenName: "Aminata " + name, familyName: "Maïga",
        birthDate: new DateOnly(1960, 1, 1).AddDays(n % 15000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    if (idempotencyKey)
    {
        // A field office sends a key with every create, so that it may retry safely.
        request.Headers.Add("Idempotency-Key", $"bench-{n}");
    }

    return request;
}

static void Print(string what, Load.Result result) =>
    Console.WriteLine($"{what,-40} {result.PerSecond,9:0} {result.MeanMs,8:0.00} {result.P99Ms,8:0.00} {result.Errors,7} {result.CpuMsPerRequest,11:0.000} {result.KBPerRequest,8:0.0}");
