// Measures the read path of Beneficiaries on the platform started in-process by TestSupport
// (real PostgreSQL and RabbitMQ, from the same TEST_* variables as the integration tests):
// closed-loop saturation of /alive, an authenticated GET /api/v1/beneficiaries/{id} straight at
// the service, the same with a bad token and through the gateway; then, at a fixed rate of half
// the direct saturation, the mean latency straight at the service and through the gateway. The
// target's figures: the read through the gateway (platform) against /alive (bare), same run.
//
//   dotnet run -c Release --project bench/ReadBench [workers] [seconds]     (default: 16 10)
//   dotnet run -c Release --project bench/ReadBench 1 [seconds] breakdown    (one request at a time: CPU and allocation per request of each step)
//
// It reports and never fails: a missing database or broker prints why and exits 0.
using System.Diagnostics;
using System.Net.Http.Headers;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

// The in-process hosts find their content roots from the output folder, not from where dotnet run was started.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var workers = args.Length > 0 ? int.Parse(args[0]) : 16;
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var duration = TimeSpan.FromSeconds(seconds);
try
{
    await using var platform = await TestPlatform.StartAsync("ReadBench", new PlatformOptions
    {
        Activities = false,
        Gateway = true,
        // The bench is one partner calling flat out: the gateway's per-partner budget must not be what is measured.
        GatewaySettings = { ["RateLimiting:PermitLimit"] = "100000000" },
    });
    var token = await platform.TokenAsync("bench", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
    var badToken = token[..^8] + (token[^8] == 'A' ? "BBBBBBBB" : "AAAAAAAA");

    using var direct = Client(platform.Beneficiaries.Address, workers);
    direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var ids = new List<Guid>();
    for (var i = 0; i < 20; i++)
    {
        ids.Add(await direct.CreateBeneficiaryAsync(Samples.Person(givenName: $"Lecture{i}", familyName: $"Banc{i}", birthDate: $"19{60 + i}-0{1 + i % 9}-1{i % 9}")));
    }

    using var bad = Client(platform.Beneficiaries.Address, workers);
    bad.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", badToken);
    using var gateway = Client(platform.Gateway!.Address, workers);
    gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    Func<int, string> read = n => $"/api/v1/beneficiaries/{ids[n % ids.Count]}";

    if (args.Length > 2 && args[2] == "idle")
    {
        Console.WriteLine($"Idle for {seconds} s in process {Environment.ProcessId}");
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(duration);
        Console.WriteLine($"idle: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / seconds:0} CPU ms/s");
        return;
    }

    if (args.Length > 2 && args[2] == "breakdown")
    {
        // One request at a time, so that each line's CPU and allocation per request is the request's own.
        Console.WriteLine($"Breakdown, one worker, {seconds} s per line, in process {Environment.ProcessId}");
        var missing = $"/api/v1/beneficiaries/{Guid.NewGuid()}";
        (string What, HttpClient Client, Func<int, string> Path, int Status)[] lines =
        [
            ("/alive", direct, _ => "/alive", 200),
            ("GET beneficiary, bad token (401)", bad, read, 401),
            ("GET unknown beneficiary (404)", direct, _ => missing, 404),
            ("GET beneficiary (200)", direct, read, 200),
        ];
        foreach (var line in lines)
        {
            await Load.ClosedAsync(line.Client, line.Path, line.Status, 1, TimeSpan.FromSeconds(2));
        }

        Console.WriteLine($"{"what",-44} {"req/s",9} {"mean ms",8} {"p99 ms",8} {"errors",7} {"CPU ms/req",11} {"KB/req",8}");
        foreach (var line in lines)
        {
            Print(line.What, await Load.ClosedAsync(line.Client, line.Path, line.Status, 1, duration));
        }

        await DatabaseSteps.PrintAsync(platform.Beneficiaries.Services, ids[0], 300);
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return;
    }

    // One warm-up of each path, so that JIT and the first connections are not measured.
    var warmUp = TimeSpan.FromSeconds(Math.Min(3, seconds));
    await Load.ClosedAsync(direct, _ => "/alive", 200, workers, warmUp);
    await Load.ClosedAsync(direct, read, 200, workers, warmUp);
    await Load.ClosedAsync(bad, read, 401, workers, warmUp);
    await Load.ClosedAsync(gateway, read, 200, workers, warmUp);

    var alive = await Load.ClosedAsync(direct, _ => "/alive", 200, workers, duration);
    var readDirect = await Load.ClosedAsync(direct, read, 200, workers, duration);
    var readBad = await Load.ClosedAsync(bad, read, 401, workers, duration);
    var readGateway = await Load.ClosedAsync(gateway, read, 200, workers, duration);
    var rate = readDirect.PerSecond / 2;
    var fixedDirect = await Load.OpenAsync(direct, read, 200, rate, duration);
    var fixedGateway = await Load.OpenAsync(gateway, read, 200, rate, duration);

    Console.WriteLine();
    Console.WriteLine($"ReadBench: {Environment.ProcessorCount} cores, {workers} workers, {seconds:0} s per line, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"{"what",-44} {"req/s",9} {"mean ms",8} {"p99 ms",8} {"errors",7} {"CPU ms/req",11} {"KB/req",8}");
    Print("/alive (closed loop)", alive);
    Print("GET beneficiary, valid token, direct", readDirect);
    Print("GET beneficiary, bad token (401), direct", readBad);
    Print("GET beneficiary, valid token, gateway", readGateway);
    Print($"GET beneficiary at {rate:0}/s, direct", fixedDirect);
    Print($"GET beneficiary at {rate:0}/s, gateway", fixedGateway);
    Console.WriteLine();
    Console.WriteLine($"platform: GET beneficiary through the gateway  {readGateway.PerSecond,9:0} req/s");
    Console.WriteLine($"bare: /alive of Beneficiaries, same run        {alive.PerSecond,9:0} req/s");
    Console.WriteLine($"platform / bare                   {readGateway.PerSecond / alive.PerSecond,6:0.000}   (target >= 0.25)");
    Console.WriteLine($"read direct / alive               {readDirect.PerSecond / alive.PerSecond,6:0.000}");
    Console.WriteLine($"CPU per read - CPU per alive           {readDirect.CpuMsPerRequest - alive.CpuMsPerRequest,6:0.000} ms");
    Console.WriteLine($"bad token / alive                 {readBad.PerSecond / alive.PerSecond,6:0.000}");
    Console.WriteLine($"gateway / direct (saturated)      {readGateway.PerSecond / readDirect.PerSecond,6:0.000}");
    Console.WriteLine($"gateway added mean at {rate,5:0}/s     {fixedGateway.MeanMs - fixedDirect.MeanMs,6:0.00} ms (target <= 1 ms)");
    Console.WriteLine($"load average after                {File.ReadAllText("/proc/loadavg").Trim()}");
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

static void Print(string what, Load.Result result) =>
    Console.WriteLine($"{what,-44} {result.PerSecond,9:0} {result.MeanMs,8:0.00} {result.P99Ms,8:0.00} {result.Errors,7} {result.CpuMsPerRequest,11:0.000} {result.KBPerRequest,8:0.0}");
