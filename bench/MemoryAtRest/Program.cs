// Starts each service and the gateway as its own real process (the built Release dll, Production
// environment, its own database and the broker from the same TEST_* variables as the integration
// tests), applies a light load (20 registrations, 300 reads per service), lets them rest, and prints
// each one's memory: PSS (/proc/<pid>/smaps_rollup: shared pages divided among the processes that map
// them), RSS, and what it holds alone. Then the pages the services share (files mapped by two or
// more of them: the shared framework, ICU, system libraries), by kind, and the six processes'
// memory with those pages counted once. Extra arguments NAME=VALUE are passed to every process,
// for example DOTNET_GCgen0size=0x400000 or the GC settings of before: DOTNET_gcServer=1 DOTNET_gcConcurrent=1.
//
//   dotnet build -c Release JusticePlatform.sln && dotnet run -c Release --project bench/MemoryAtRest [NAME=VALUE ...]
//
// It reports and never fails: a missing database or broker prints why and exits 0.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

var extra = args.Select(a => a.Split('=', 2)).Where(a => a.Length == 2).ToDictionary(a => a[0], a => a[1]);
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "JusticePlatform.sln")))
{
    root = root.Parent;
}

var processes = new List<Process>();
try
{
    await using var resources = await TestResources.CreateAsync("MemoryAtRest");
    using var signingKey = System.Security.Cryptography.RSA.Create(2048);
    using var keys = new TestKeys();
    const string adminSecret = "memory-admin-secret-0123456789";
    var ports = new Dictionary<string, int>();
    foreach (var name in new[] { "identity", "beneficiaries", "activities", "grievances", "funding", "gateway" })
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        ports[name] = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    string Address(string name) => $"http://127.0.0.1:{ports[name]}";
    var started = new List<(string Name, Process Process)>();
    // The last lines each process wrote, shown if it exits before it is healthy.
    var output = new Dictionary<Process, System.Collections.Concurrent.ConcurrentQueue<string>>();

    Process Start(string name, string project, Dictionary<string, string?> settings)
    {
        var dll = Path.Combine(root!.FullName, project, "bin", "Release", "net10.0", $"JusticePlatform.{Path.GetFileName(project)}.dll");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = Address(name);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        foreach (var (key, value) in extra)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var lastLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        output[process] = lastLines;
        void Keep(string? line)
        {
            if (line is null) return;
            lastLines.Enqueue(line);
            while (lastLines.Count > 30 && lastLines.TryDequeue(out _)) { }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        started.Add((name, process));
        return process;
    }

    Dictionary<string, string?> Service(string name)
    {
        var settings = resources.ServiceSettings(name);
        settings["Identity:Authority"] = Address("identity");
        settings["Identity:RequireHttpsMetadata"] = "false";
        settings["Messaging:OutboxPollInterval"] = null;
        settings["Logging:LogLevel:Default"] = "Warning";
        keys.AddTo(settings);
        return settings;
    }

    var identity = resources.ServiceSettings("identity");
    identity["Identity:BootstrapClientId"] = TestPlatform.AdminClientId;
    identity["Identity:BootstrapClientSecret"] = adminSecret;
    keys.WriteIdentitySigningKey(signingKey);
    identity["Identity:SigningKeyFile"] = keys.IdentitySigningKeyFile;
    keys.AddTo(identity);
    var identityProcess = Start("identity", "services/Identity", identity);
    // Generous: on a busy machine a cold service's first answers take long; the bench measures memory, not speed.
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
    await HealthyAsync(http, Address("identity"), "identity", identityProcess, output[identityProcess]);

    Start("beneficiaries", "services/Beneficiaries", Service("beneficiaries"));
    Start("activities", "services/Activities", Service("activities"));
    var grievances = Service("grievances");
    keys.WriteGrievancesKeyRing(JusticePlatform.Grievances.Protection.KeyRing.Create("k1"));
    grievances["Grievances:Encryption:KeyFile"] = keys.GrievancesKeyRingFile;
    // In the run's own key folder: a link key left in the build folder by an earlier run is wrapped
    // by that run's key-encryption key, and the service refuses it.
    grievances["Grievances:BeneficiaryLink:KeyFile"] = keys.GrievancesLinkKeyFile;
    Start("grievances", "services/Grievances", grievances);
    Start("funding", "services/Funding", Service("funding"));
    var gateway = new Dictionary<string, string?>
    {
        ["Identity:Authority"] = Address("identity"),
        ["Identity:RequireHttpsMetadata"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        // The gateway's rate limits live in Redis: without it the gateway is never healthy.
        ["ConnectionStrings:redis"] = await TestInfrastructure.RedisAsync(),
    };
    foreach (var name in new[] { "identity", "beneficiaries", "activities", "grievances", "funding" })
    {
        gateway[$"services:{name}:http:0"] = Address(name);
    }

    Start("gateway", "gateway/Gateway", gateway);
    foreach (var (name, process) in started)
    {
        await HealthyAsync(http, Address(name), name, process, output[process]);
    }

    await Task.Delay(TimeSpan.FromSeconds(5));

    // Light load: a partner registers a few people and every service answers a few hundred reads.
    var token = await TokenAsync(http, Address("identity"), adminSecret);
    var calls = new (string Service, string Path)[]
    {
        ("beneficiaries", "/api/v1/beneficiaries"),
        ("activities", "/api/v1/activities/programs"),
        ("grievances", "/api/v1/grievances/cases"),
        ("funding", "/api/v1/funding/grants"),
        ("identity", "/api/v1/identity/partners"),
        ("gateway", "/api/v1/beneficiaries"),
    };
    using var client = new HttpClient();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Partner);
    for (var i = 0; i < 20; i++)
    {
        await client.PostAsJsonAsync($"{Address("beneficiaries")}/api/v1/beneficiaries",
            Samples.Person(givenName: $"Memoire{i}", familyName: $"Repos{i}", birthDate: $"19{70 + i}-0{1 + i % 9}-1{i % 9}"));
    }

    var statuses = new Dictionary<string, HashSet<int>>();
    foreach (var (service, path) in calls)
    {
        statuses[service] = [];
        using var caller = new HttpClient();
        caller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service == "identity" ? token.Admin : token.Partner);
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await caller.GetAsync(Address(service) + path);
                statuses[service].Add((int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Shown in the answers column: the load is light either way.
                statuses[service].Add(0);
            }
        }
    }

    // At rest: no request for a while, as between a field office's uploads.
    await Task.Delay(TimeSpan.FromSeconds(15));
    var memory = started.Select(s => (s.Name, Memory: MappedMemory.Read(s.Process.Id))).ToList();
    Console.WriteLine();
    Console.WriteLine($"MemoryAtRest: {Environment.ProcessorCount} cores, at rest 15 s after a light load, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"settings passed: {(extra.Count == 0 ? "none (the built runtimeconfig)" : string.Join(' ', extra.Select(e => $"{e.Key}={e.Value}")))}");
    Console.WriteLine("MB. PSS = own pages + each shared page divided by the processes mapping it (these and any other on the machine);");
    Console.WriteLine("own = pages no other process maps (anonymous: GC heap, native; the runtime's double-mapped code; private file pages);");
    Console.WriteLine("shared with the others = pages of files that two or more of these six processes map.");
    Console.WriteLine($"{"service",-14} {"PSS",7} {"RSS",7} {"own",7} {"anon",7} {"file",7} {"shmem",7} {"shared with the others",23}  answers");
    var sharedFiles = MappedMemory.SharedFiles(memory.Select(m => m.Memory).ToList());
    foreach (var (name, m) in memory)
    {
        Console.WriteLine($"{name,-14} {m.Pss,7:0.0} {m.Rss,7:0.0} {m.Own,7:0.0} {m.Anonymous,7:0.0} {m.File,7:0.0} {m.Shmem,7:0.0} {m.SharedIn(sharedFiles),23:0.0}  "
            + string.Join(',', statuses.GetValueOrDefault(name) ?? []));
    }

    Console.WriteLine($"{"sum",-14} {memory.Sum(m => m.Memory.Pss),7:0.0} {memory.Sum(m => m.Memory.Rss),7:0.0}");
    Console.WriteLine();
    Console.WriteLine("Pages shared between the services (resident, each file counted once), by kind:");
    foreach (var kind in sharedFiles.GroupBy(f => f.Kind).OrderByDescending(g => g.Sum(f => f.Resident)))
    {
        Console.WriteLine($"  {kind.Key,-44} {kind.Sum(f => f.Resident),7:0.0} MB in {kind.Count(),3} files, each mapped by {kind.Min(f => f.Processes)}-{kind.Max(f => f.Processes)} of the six");
    }

    var once = memory.Sum(m => m.Memory.Rss - m.Memory.SharedIn(sharedFiles)) + sharedFiles.Sum(f => f.Resident);
    Console.WriteLine($"all six, shared pages counted once: {once:0.0} MB (summed RSS {memory.Sum(m => m.Memory.Rss):0.0} MB); shared pages: {sharedFiles.Sum(f => f.Resident):0.0} MB");
    Console.WriteLine($"per process, shared pages counted once and divided among the six: {once / memory.Count:0.0} MB");
    Console.WriteLine("target: <= 120 MB PSS per service at rest");
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}
finally
{
    foreach (var process in processes)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}

static async Task HealthyAsync(HttpClient http, string address, string name, Process process, IEnumerable<string> lastLines)
{
    await Eventually.TrueAsync(async () =>
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException(
                $"{name} exited with code {process.ExitCode} before it was healthy; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, lastLines)}");
        }

        try
        {
            return (await http.GetAsync(address + "/health")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(300), $"{name} at {address} to be healthy");
}

static async Task<(string Admin, string Partner)> TokenAsync(HttpClient http, string identity, string adminSecret)
{
    var admin = await RequestTokenAsync(http, identity, TestPlatform.AdminClientId, adminSecret);
    using var client = new HttpClient();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
    await client.PostAsJsonAsync($"{identity}/api/v1/identity/partners", new { id = "memory", name = "MEMORY" });
    var created = await client.PostAsJsonAsync($"{identity}/api/v1/identity/partners/memory/clients", new
    {
        displayName = "memory bench",
        scopes = new[] { Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite, Scopes.ActivitiesRead, Scopes.GrievancesRead, Scopes.FundingRead },
    });
    var issued = await created.Content.ReadFromJsonAsync<JsonElement>();
    return (admin, await RequestTokenAsync(http, identity, issued.GetProperty("clientId").GetString()!, issued.GetProperty("clientSecret").GetString()!));
}

static async Task<string> RequestTokenAsync(HttpClient http, string identity, string clientId, string secret)
{
    var response = await http.PostAsync($"{identity}/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
    }));
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
}

/// <summary>One process's memory from /proc/&lt;pid&gt;/smaps_rollup (totals) and /proc/&lt;pid&gt;/smaps (per mapped file), in MB.</summary>
internal sealed record MappedMemory(double Pss, double Rss, double Own, double Anonymous, double File, double Shmem, Dictionary<string, double> ResidentByFile)
{
    public sealed record SharedFile(string Path, string Kind, int Processes, double Resident);

    public static MappedMemory Read(int pid)
    {
        var rollup = Fields(System.IO.File.ReadLines($"/proc/{pid}/smaps_rollup"));
        var status = Fields(System.IO.File.ReadLines($"/proc/{pid}/status"));

        // Resident pages per mapped file, keyed by device and inode (two files of one name, such as each
        // process's own double-mapped code, are not one file).
        var byFile = new Dictionary<string, double>();
        string? current = null;
        foreach (var line in System.IO.File.ReadLines($"/proc/{pid}/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-') && !parts[0].EndsWith(':'))
            {
                current = parts.Length >= 6 && parts[4] != "0" ? $"{parts[3]}:{parts[4]} {string.Join(' ', parts[5..])}" : null;
            }
            else if (current is not null && parts.Length >= 2 && parts[0] == "Rss:")
            {
                byFile[current] = byFile.GetValueOrDefault(current) + long.Parse(parts[1]) / 1024.0;
            }
        }

        return new MappedMemory(
            rollup["Pss"], rollup["Rss"], rollup["Private_Clean"] + rollup["Private_Dirty"],
            status["RssAnon"], status["RssFile"], status["RssShmem"], byFile);
    }

    /// <summary>The resident pages of files that two or more of the processes map.</summary>
    public double SharedIn(IReadOnlyList<SharedFile> shared) => shared.Sum(f => ResidentByFile.GetValueOrDefault(f.Path));

    /// <summary>Files mapped by two or more of <paramref name="processes"/>, each with its most resident pages in any one of them.</summary>
    public static IReadOnlyList<SharedFile> SharedFiles(IReadOnlyList<MappedMemory> processes) =>
        processes.SelectMany(p => p.ResidentByFile)
            .GroupBy(f => f.Key)
            .Where(g => g.Count() >= 2)
            .Select(g => new SharedFile(g.Key, KindOf(g.Key), g.Count(), g.Max(f => f.Value)))
            .ToList();

    private static string KindOf(string file) =>
        file.Contains("/shared/Microsoft.NETCore.App/", StringComparison.Ordinal) && file.EndsWith(".so", StringComparison.Ordinal) ? "the .NET runtime (libcoreclr, libclrjit ...)"
        : file.Contains("/shared/Microsoft.NETCore.App/", StringComparison.Ordinal) ? "the shared framework's assemblies"
        : file.Contains("/shared/Microsoft.AspNetCore.App/", StringComparison.Ordinal) ? "ASP.NET Core's shared framework"
        : file.Contains("libicu", StringComparison.Ordinal) ? "ICU (globalization)"
        : file.Contains("/lib", StringComparison.Ordinal) ? "system libraries (libc, libssl ...)"
        : file.Contains("/bin/Release/", StringComparison.Ordinal) ? "the platform's and packages' assemblies"
        : "other files";

    private static Dictionary<string, double> Fields(IEnumerable<string> lines)
    {
        var fields = new Dictionary<string, double>();
        foreach (var line in lines)
        {
            var parts = line.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && long.TryParse(parts[1], out var kb))
            {
                fields[parts[0]] = kb / 1024.0;
            }
        }

        return fields;
    }
}
