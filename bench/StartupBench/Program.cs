// Times the built AppHost in its local mode (PostgreSQL, RabbitMQ and Redis from the OS packages,
// run by the AppHost itself) from its start to a gateway whose /health answers 200, in a run folder
// of its own and on free ports, so that it never meets servers already running on the default ones.
//
//   dotnet build -c Release AppHost && dotnet run -c Release --project bench/StartupBench [runs]
//       the AppHost in this process (Aspire.Hosting.Testing, no dashboard), with each resource's
//       times: when it stopped waiting, ran, was healthy or finished. The first run starts from an
//       empty run folder (the database cluster is made, every migration applied), the next ones
//       reuse it, as a developer's later starts do. Default: 3 runs.
//   dotnet run -c Release --project bench/StartupBench run [runs]
//       `dotnet run --project AppHost -c Release --no-build` as its own process, with the dashboard,
//       timed to the gateway's /health only.
//
// It reports and never fails.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using JusticePlatform.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

var asProcess = args.Length > 0 && args[0] == "run";
var runs = args.Skip(asProcess ? 1 : 0).Select(int.Parse).FirstOrDefault(3);
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "JusticePlatform.sln")))
{
    root = root.Parent;
}

var runDirectory = Directory.CreateTempSubdirectory("startup-bench-").FullName;
// PostgreSQL runs as its own user where the bench runs as root: it must reach its data folder inside.
if (!OperatingSystem.IsWindows())
{
    File.SetUnixFileMode(runDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
}

var ports = new Ports();
var totals = new List<(string Run, double Seconds, string Load)>();
try
{
    for (var run = 1; run <= runs; run++)
    {
        var label = run == 1 ? "first (empty run folder)" : $"later #{run - 1}";
        var load = File.ReadAllText("/proc/loadavg").Trim();
        var seconds = asProcess
            ? await AsProcessAsync(root!.FullName, runDirectory, ports)
            : await InProcessAsync(runDirectory, ports);
        totals.Add((label, seconds, load));
    }
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}
finally
{
    try
    {
        Directory.Delete(runDirectory, recursive: true);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.WriteLine($"The run folder {runDirectory} could not be removed: {e.Message}");
    }
}

Console.WriteLine();
Console.WriteLine($"StartupBench ({(asProcess ? "dotnet run --no-build, with the dashboard" : "AppHost in process, no dashboard")}): "
    + $"{Environment.ProcessorCount} cores, AppHost start to gateway /health 200 (target <= 20 s)");
Console.WriteLine($"{"run",-26} {"seconds",8}  load average before");
foreach (var (run, seconds, load) in totals)
{
    Console.WriteLine($"{run,-26} {seconds,8:0.0}  {load}");
}

Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

// The AppHost in this process: every resource's state changes, as the dashboard shows them.
static async Task<double> InProcessAsync(string runDirectory, Ports ports)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
    var watch = Stopwatch.StartNew();
    var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(ports.Arguments(runDirectory), timeout.Token);
    // The resources' own output only when it warns; a server that does not answer yet is routine while it starts.
    builder.Services.AddLogging(logging => logging
        .AddFilter("JusticePlatform.AppHost.Resources", LogLevel.Warning)
        .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
        .AddFilter("Aspire.Hosting", LogLevel.Warning));
    await using var app = await builder.BuildAsync(timeout.Token);
    var times = new Dictionary<string, ResourceTimes>();
    using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
    var watching = Task.Run(async () =>
    {
        try
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(stopWatching.Token))
            {
                lock (times)
                {
                    if (!times.TryGetValue(change.Resource.Name, out var resource))
                    {
                        times[change.Resource.Name] = resource = new ResourceTimes();
                    }

                    resource.Saw(change.Snapshot, watch.Elapsed.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    });

    var healthy = false;
    try
    {
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        healthy = await GatewayAnswersAsync(ports.Gateway, timeout.Token);
    }
    catch (OperationCanceledException)
    {
        // Not healthy within the time-out: the table below shows which resource it waited for.
    }

    var seconds = watch.Elapsed.TotalSeconds;
    await stopWatching.CancelAsync();
    await watching;
    using var stopTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

    Console.WriteLine();
    Console.WriteLine($"gateway /health {(healthy ? "200" : "not 200")} after {seconds:0.0} s; each resource, seconds from the AppHost's start:");
    Console.WriteLine($"{"resource",-26} {"waited until",13} {"running",8} {"healthy",8} {"finished",9}  exit");
    lock (times)
    {
        foreach (var (name, t) in times.OrderBy(t => t.Value.Running ?? t.Value.Finished ?? double.MaxValue))
        {
            Console.WriteLine($"{name,-26} {Show(t.Started),13} {Show(t.Running),8} {Show(t.Healthy),8} {Show(t.Finished),9}  {t.ExitCode?.ToString() ?? ""}");
        }
    }

    var stopping = Stopwatch.StartNew();
    await app.StopAsync(stopTimeout.Token);
    Console.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
    return seconds;

    static string Show(double? seconds) => seconds is { } s ? s.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-";
}

// `dotnet run --project AppHost --no-build` as a developer starts it (with the dashboard, on free ports).
static async Task<double> AsProcessAsync(string root, string runDirectory, Ports ports)
{
    var start = new ProcessStartInfo("dotnet", ["run", "--project", "AppHost", "-c", "Release", "--no-build", "--no-launch-profile", "--", .. ports.Arguments(runDirectory)])
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    start.Environment["DOTNET_ENVIRONMENT"] = "Development";
    start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Dashboard}";
    start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports.DashboardOtlp}";
    start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{ports.DashboardResources}";
    start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
    start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
    var watch = Stopwatch.StartNew();
    using var runner = Process.Start(start)!;
    runner.OutputDataReceived += (_, _) => { };
    runner.ErrorDataReceived += (_, _) => { };
    runner.BeginOutputReadLine();
    runner.BeginErrorReadLine();
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    var healthy = false;
    while (!healthy && !runner.HasExited && !timeout.IsCancellationRequested)
    {
        healthy = await GatewayAnswersAsync(ports.Gateway, timeout.Token, once: true);
        if (!healthy)
        {
            await Task.Delay(100);
        }
    }

    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"gateway /health {(healthy ? "200" : "not 200")} after {seconds:0.0} s");

    // Ctrl-C to the AppHost (the child of dotnet run) stops every resource it started, then dotnet run ends.
    var apphost = Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
        .FirstOrDefault(pid => pid > 0 && ParentOf(pid) == runner.Id);
    using (var signal = Process.Start("kill", ["-INT", (apphost > 0 ? apphost : runner.Id).ToString(System.Globalization.CultureInfo.InvariantCulture)]))
    {
        await signal.WaitForExitAsync();
    }

    using var stopTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
    try
    {
        await runner.WaitForExitAsync(stopTimeout.Token);
    }
    catch (OperationCanceledException)
    {
        runner.Kill(entireProcessTree: true);
    }

    return seconds;

    static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: pid (comm) state ppid ...; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }
}

static async Task<bool> GatewayAnswersAsync(int port, CancellationToken cancellationToken, bool once = false)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    do
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/health", cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
        }

        if (!once)
        {
            await Task.Delay(100, cancellationToken);
        }
    }
    while (!once);

    return false;
}

/// <summary>When a resource left "Waiting" (or first appeared starting), ran, became healthy, or finished.</summary>
internal sealed class ResourceTimes
{
    public double? Started { get; private set; }
    public double? Running { get; private set; }
    public double? Healthy { get; private set; }
    public double? Finished { get; private set; }
    public int? ExitCode { get; private set; }

    public void Saw(CustomResourceSnapshot snapshot, double seconds)
    {
        var state = snapshot.State?.Text;
        if (Started is null && state is not null && state != KnownResourceStates.Waiting && state != KnownResourceStates.NotStarted)
        {
            Started = seconds;
        }

        if (Running is null && state == KnownResourceStates.Running)
        {
            Running = seconds;
        }

        if (Healthy is null && state == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy)
        {
            Healthy = seconds;
        }

        if (Finished is null && (state == KnownResourceStates.Finished || state == KnownResourceStates.Exited))
        {
            Finished = seconds;
            ExitCode = snapshot.ExitCode;
        }
    }
}

/// <summary>
/// Free ports for the local servers (RabbitMQ also takes its port + 10000 and + 10001 for Erlang's
/// distribution and port mapper), the gateway and the dashboard: never the default ones.
/// </summary>
internal sealed class Ports
{
    public int Postgres { get; } = Free();
    public int RabbitMq { get; } = FreeRabbitMq();
    public int RabbitMqManagement { get; } = Free();
    public int Redis { get; } = Free();
    public int Gateway { get; } = Free();
    public int Dashboard { get; } = Free();
    public int DashboardOtlp { get; } = Free();
    public int DashboardResources { get; } = Free();

    public string[] Arguments(string runDirectory) =>
    [
        "--Platform:Servers=local",
        $"--Platform:RunDirectory={runDirectory}",
        $"--Platform:GatewayPort={Gateway}",
        $"--Platform:Local:PostgresPort={Postgres}",
        $"--Platform:Local:RabbitMqPort={RabbitMq}",
        $"--Platform:Local:RabbitMqManagementPort={RabbitMqManagement}",
        $"--Platform:Local:RedisPort={Redis}",
    ];

    private static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeRabbitMq()
    {
        for (var port = 41000 + Random.Shared.Next(10000); ; port = 41000 + Random.Shared.Next(10000))
        {
            if (PlatformProjects.IsFree(port) && PlatformProjects.IsFree(port + 10000) && PlatformProjects.IsFree(port + 10001))
            {
                return port;
            }
        }
    }
}
