// Starts each service and the gateway as its own real process (the built Release dll, Production
// environment, its own database and the broker from the same TEST_* variables as the integration
// tests), and prints each one's resident memory (VmRSS) idle after start-up and again idle after a
// light load. Extra arguments NAME=VALUE are passed to every process, for example the GC settings
// of before: DOTNET_gcServer=1 DOTNET_gcConcurrent=1 DOTNET_GCDynamicAdaptationMode=1.
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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
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
    Start("identity", "services/Identity", identity);
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    await HealthyAsync(http, Address("identity"));

    Start("beneficiaries", "services/Beneficiaries", Service("beneficiaries"));
    Start("activities", "services/Activities", Service("activities"));
    var grievances = Service("grievances");
    keys.WriteGrievancesKeyRing(JusticePlatform.Grievances.Protection.KeyRing.Create("k1"));
    grievances["Grievances:Encryption:KeyFile"] = keys.GrievancesKeyRingFile;
    Start("grievances", "services/Grievances", grievances);
    Start("funding", "services/Funding", Service("funding"));
    var gateway = new Dictionary<string, string?>
    {
        ["Identity:Authority"] = Address("identity"),
        ["Identity:RequireHttpsMetadata"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };
    foreach (var name in new[] { "identity", "beneficiaries", "activities", "grievances", "funding" })
    {
        gateway[$"services:{name}:http:0"] = Address(name);
    }

    Start("gateway", "gateway/Gateway", gateway);
    foreach (var (name, _) in started)
    {
        await HealthyAsync(http, Address(name));
    }

    await Task.Delay(TimeSpan.FromSeconds(10));
    var atStart = started.ToDictionary(s => s.Name, s => Memory(s.Process));

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
            using var response = await caller.GetAsync(Address(service) + path);
            statuses[service].Add((int)response.StatusCode);
        }
    }

    await Task.Delay(TimeSpan.FromSeconds(10));
    Console.WriteLine();
    Console.WriteLine($"MemoryAtRest: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"settings passed: {(extra.Count == 0 ? "none (the built runtimeconfig)" : string.Join(' ', extra.Select(e => $"{e.Key}={e.Value}")))}");
    Console.WriteLine("MB; VmRSS = anon (GC heap, native) + file (mapped assemblies and libraries, shared between processes) + shmem (the runtime's double-mapped code, W^X)");
    Console.WriteLine($"{"service",-14} {"after start: VmRSS",19} {"anon",6} {"file",6} {"shmem",6} {"after light load: VmRSS",24} {"anon",6} {"file",6} {"shmem",6}  answers");
    foreach (var (name, process) in started)
    {
        var (rss, anon, file, shmem) = atStart[name];
        var (rssLoaded, anonLoaded, fileLoaded, shmemLoaded) = Memory(process);
        Console.WriteLine($"{name,-14} {rss,19:0} {anon,6:0} {file,6:0} {shmem,6:0} {rssLoaded,24:0} {anonLoaded,6:0} {fileLoaded,6:0} {shmemLoaded,6:0}  "
            + string.Join(',', statuses.GetValueOrDefault(name) ?? []));
    }

    Console.WriteLine("target: <= 120 MB VmRSS per service at rest");
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

// VmRSS, RssAnon, RssFile and RssShmem of /proc/<pid>/status, in MB.
static (double Rss, double Anonymous, double File, double Shared) Memory(Process process)
{
    var status = File.ReadLines($"/proc/{process.Id}/status").ToList();
    double Field(string name) =>
        status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0
            : 0;
    return (Field("VmRSS"), Field("RssAnon"), Field("RssFile"), Field("RssShmem"));
}

static async Task HealthyAsync(HttpClient http, string address)
{
    await Eventually.TrueAsync(async () =>
    {
        try
        {
            return (await http.GetAsync(address + "/health")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(90), $"{address} to be healthy");
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
