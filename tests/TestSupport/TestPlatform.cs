using System.Net.Http.Headers;
using System.Net.Http.Json;
using JusticePlatform.Activities.Data;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding.Data;
using JusticePlatform.Gateway;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.TestSupport;

/// <summary>What a test starts of the platform, and how.</summary>
public sealed class PlatformOptions
{
    public bool Activities { get; init; } = true;
    public bool Grievances { get; init; }
    public bool Funding { get; init; }
    public bool Gateway { get; init; }

    /// <summary>Beneficiaries' broker address, given this test's resources (for example through a <see cref="TcpProxy"/>).</summary>
    public Func<TestResources, string>? BeneficiariesMessaging { get; init; }

    /// <summary>
    /// The clock of Beneficiaries and Activities, for example a FakeTimeProvider at a fixed date, so
    /// that dated answers (age bands, registration dates) do not change as the real date moves on.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    public Action<IServiceCollection>? ActivitiesServices { get; init; }
    public Action<IServiceCollection>? BeneficiariesServices { get; init; }

    /// <summary>Settings added to or replacing Beneficiaries' own (a small batch size, say).</summary>
    public Dictionary<string, string?> BeneficiariesSettings { get; init; } = [];
    public Action<IServiceCollection>? GrievancesServices { get; init; }

    /// <summary>Grievances settings added to (or replacing) the platform's, for example a smaller re-encryption batch.</summary>
    public Dictionary<string, string?> GrievancesSettings { get; init; } = [];
    public Dictionary<string, string?> GatewaySettings { get; init; } = [];
    public Action<IServiceCollection>? GatewayServices { get; init; }

    /// <summary>Settings given to every service (not the gateway), added to or replacing the platform's own.</summary>
    public Dictionary<string, string?> ServiceSettings { get; init; } = [];
}

/// <summary>
/// The platform started for real inside the test process, on loopback ports: the identity
/// service, Beneficiaries and whichever other services and gateway the test asks for, each on
/// its own database, all on this test's RabbitMQ virtual host. Tokens come from the real token
/// endpoint, for partners and clients registered through the real admin API.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    public const string AdminClientId = "platform-admin";
    public const string AdminClientSecret = "test-admin-secret-0123456789";

    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly Dictionary<string, string> _tokens = [];
    private HttpClient? _identityClient;

    // Identity's own log, shown when a token request fails, so that a rare 500 explains itself.
    private readonly LogCapture _identityLog = new();
    private string? _adminToken;

    private PlatformOptions _options = new();
    private Dictionary<string, string?> _grievancesSettings = [];

    private TestPlatform(TestResources resources) => Resources = resources;

    private Dictionary<string, string?> _serviceSettings = [];

    /// <summary>The services' key files (the identity signing key, Grievances' key ring) and the key-encryption key that wraps them.</summary>
    public TestKeys Keys { get; } = new();

    /// <summary>The identity service's signing key, so that tests can forge tokens that differ from genuine ones in one respect only.</summary>
    public System.Security.Cryptography.RSA SigningKey { get; } = System.Security.Cryptography.RSA.Create(2048);

    /// <summary>The key (id <see cref="GrievancesKeyId"/>) Grievances encrypts survivor data with in this test.</summary>
    public string GrievancesKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public const string GrievancesKeyId = "test-1";

    public TestResources Resources { get; }
    public ServiceHost<IdentityDbContext> Identity { get; private set; } = null!;
    public ServiceHost<BeneficiariesDbContext> Beneficiaries { get; private set; } = null!;
    public ServiceHost<ActivitiesDbContext>? Activities { get; private set; }
    public ServiceHost<GrievancesDbContext>? Grievances { get; private set; }
    public ServiceHost<FundingDbContext>? Funding { get; private set; }

    /// <summary>The services' clock (<see cref="PlatformOptions.Clock"/> or the system's): for the times of events a test publishes or rows it writes.</summary>
    public TimeProvider Clock => Beneficiaries.Services.GetRequiredService<TimeProvider>();
    public ServiceHost<ServiceAddressFilter>? Gateway { get; private set; }

    public static async Task<TestPlatform> StartAsync(string testClass, PlatformOptions? options = null)
    {
        options ??= new PlatformOptions();
        var platform = new TestPlatform(await TestResources.CreateAsync(testClass));
        try
        {
            await platform.StartHostsAsync(options, writeKeys: true);
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        return platform;
    }

    /// <summary>A second instance of Beneficiaries on the same database and broker, as a scaled-out deployment runs.</summary>
    public async Task<ServiceHost<BeneficiariesDbContext>> StartAnotherBeneficiariesAsync()
    {
        var another = Start(() => new ServiceHost<BeneficiariesDbContext>(Settings("beneficiaries")));
        await Ready.WaitAsync(another.CreateClient());
        return another;
    }

    /// <summary>
    /// Stops every service and the gateway, runs <paramref name="whileStopped"/> (a wipe and a restore,
    /// say), and starts them again with the same options on the same databases, broker and key
    /// files. No key file is written then: the services start on the ones they find. The identity
    /// service gets a new address, so earlier tokens are forgotten.
    /// </summary>
    public async Task RestartAllAsync(Func<Task> whileStopped)
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
        _tokens.Clear();
        _identityClient?.Dispose();
        _identityClient = null;
        _adminToken = null;
        Npgsql.NpgsqlConnection.ClearAllPools();
        Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
        await whileStopped();
        await StartHostsAsync(_options, writeKeys: false);
    }

    private async Task StartHostsAsync(PlatformOptions options, bool writeKeys)
    {
        _serviceSettings = options.ServiceSettings;
        var identitySettings = Resources.ServiceSettings("identity");
        identitySettings["Identity:BootstrapClientId"] = AdminClientId;
        identitySettings["Identity:BootstrapClientSecret"] = AdminClientSecret;
        if (writeKeys)
        {
            Keys.WriteIdentitySigningKey(SigningKey);
        }

        identitySettings["Identity:SigningKeyFile"] = Keys.IdentitySigningKeyFile;
        Keys.AddTo(identitySettings);
        Identity = Start(() => new ServiceHost<IdentityDbContext>(identitySettings, services => _identityLog.AddTo(services, Microsoft.Extensions.Logging.LogLevel.Warning)));
        var authority = Identity.Address.ToString();

        // Consumers first: an event published before its consumer's queue is bound has nowhere to go.
        if (options.Activities)
        {
            Activities = Start(() => new ServiceHost<ActivitiesDbContext>(Settings("activities"), WithClock(options, options.ActivitiesServices)));
        }

        if (options.Grievances)
        {
            _grievancesSettings = options.GrievancesSettings;
            if (writeKeys)
            {
                Keys.WriteGrievancesKeyRing(new JusticePlatform.Grievances.Protection.KeyRing(GrievancesKeyId, new Dictionary<string, byte[]> { [GrievancesKeyId] = Convert.FromBase64String(GrievancesKey) }));
            }

            Grievances = Start(() => new ServiceHost<GrievancesDbContext>(GrievancesSettings(), WithClock(options, options.GrievancesServices)));
        }

        if (options.Funding)
        {
            Funding = Start(() => new ServiceHost<FundingDbContext>(Settings("funding")));
        }

        _options = options;
        Beneficiaries = StartBeneficiaries();

        await Task.WhenAll(_hosts.OfType<IServiceHost>().Select(host => Ready.WaitAsync(host.CreateHttpClient())));

        if (options.Gateway)
        {
            var gatewaySettings = new Dictionary<string, string?>
            {
                ["services:identity:http:0"] = Identity.Address.ToString(),
                ["services:beneficiaries:http:0"] = Beneficiaries.Address.ToString(),
                ["services:activities:http:0"] = Activities?.Address.ToString() ?? "http://127.0.0.1:9",
                ["services:grievances:http:0"] = Grievances?.Address.ToString() ?? "http://127.0.0.1:9",
                ["services:funding:http:0"] = Funding?.Address.ToString() ?? "http://127.0.0.1:9",
                ["Identity:Authority"] = authority,
                ["Identity:RequireHttpsMetadata"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in options.GatewaySettings)
            {
                gatewaySettings[key] = value;
            }

            _gatewaySettings = gatewaySettings;
            Gateway = Start(() => new ServiceHost<ServiceAddressFilter>(gatewaySettings, options.GatewayServices));
            await Ready.WaitAsync(Gateway.CreateClient());
        }
    }

    private Dictionary<string, string?> _gatewaySettings = [];

    /// <summary>A second gateway instance with the first one's settings (the same services, the same Redis when it has one), as a scaled-out deployment runs.</summary>
    public async Task<ServiceHost<ServiceAddressFilter>> StartAnotherGatewayAsync()
    {
        var another = Start(() => new ServiceHost<ServiceAddressFilter>(new Dictionary<string, string?>(_gatewaySettings)));
        await Ready.WaitAsync(another.CreateClient());
        return another;
    }

    private ServiceHost<BeneficiariesDbContext> StartBeneficiaries()
    {
        var settings = Settings("beneficiaries", _options.BeneficiariesMessaging?.Invoke(Resources));
        foreach (var (key, value) in _options.BeneficiariesSettings)
        {
            settings[key] = value;
        }

        return Start(() => new ServiceHost<BeneficiariesDbContext>(settings, WithClock(_options, _options.BeneficiariesServices)));
    }

    /// <summary>
    /// Stops Beneficiaries (its background workers with it) and starts it again on the same database,
    /// broker and options, as after a redeployment. A gateway started before still points at the old address.
    /// </summary>
    public async Task RestartBeneficiariesAsync()
    {
        var stopped = Beneficiaries;
        _hosts.Remove(stopped);
        await stopped.DisposeAsync();
        Beneficiaries = StartBeneficiaries();
        await Ready.WaitAsync(Beneficiaries.CreateClient());
    }

    /// <summary>Another instance of Grievances on the same database and broker, with settings added or replaced (a rotated key ring).</summary>
    public async Task<ServiceHost<GrievancesDbContext>> StartAnotherGrievancesAsync(IDictionary<string, string?> settings)
    {
        var all = GrievancesSettings();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var another = Start(() => new ServiceHost<GrievancesDbContext>(all));
        await Ready.WaitAsync(another.CreateClient());
        return another;
    }

    /// <summary>Grievances' settings: its key ring in <see cref="Keys"/> and the key-encryption key that opens it.</summary>
    public Dictionary<string, string?> GrievancesSettings()
    {
        var settings = Settings("grievances");
        settings["Grievances:Encryption:KeyFile"] = Keys.GrievancesKeyRingFile;
        settings["Grievances:BeneficiaryLink:KeyFile"] = Keys.GrievancesLinkKeyFile;
        Keys.AddTo(settings);
        foreach (var (key, value) in _grievancesSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Another instance of the identity service on the same database and key files, as the same issuer (a restarted one).</summary>
    public async Task<ServiceHost<IdentityDbContext>> StartAnotherIdentityAsync()
    {
        var settings = Resources.ServiceSettings("identity");
        settings["Identity:Issuer"] = Identity.Address.ToString();
        settings["Identity:SigningKeyFile"] = Keys.IdentitySigningKeyFile;
        Keys.AddTo(settings);
        var another = Start(() => new ServiceHost<IdentityDbContext>(settings));
        await Ready.WaitAsync(another.CreateClient());
        return another;
    }

    private static Action<IServiceCollection>? WithClock(PlatformOptions options, Action<IServiceCollection>? services) =>
        options.Clock is not { } clock ? services : collection =>
        {
            collection.AddSingleton(clock);
            services?.Invoke(collection);
        };

    /// <summary>What another instance of <paramref name="service"/> is given to run beside this platform's (as a process of its own, say).</summary>
    public Dictionary<string, string?> SettingsOf(string service) => Settings(service);

    /// <summary>A service's settings: this test's database and virtual host, and the identity service as the token issuer.</summary>
    private Dictionary<string, string?> Settings(string service, string? messaging = null)
    {
        var settings = Resources.ServiceSettings(service, messaging);
        settings["Identity:Authority"] = Identity.Address.ToString();
        settings["Identity:RequireHttpsMetadata"] = "false";
        foreach (var (key, value) in _serviceSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private T Start<T>(Func<T> create) where T : IAsyncDisposable, IServiceHost
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = create();
            try
            {
                host.StartServer();
                _hosts.Add(host);
                return host;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("after the server has started", StringComparison.Ordinal))
            {
                // WebApplicationFactory.UseKestrel sets the port while the app's own Run() may already
                // be starting the server; on the rare run where that race is lost, a new host starts cleanly.
                try
                {
                    host.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    // The abandoned host may not have finished starting.
                }
            }
        }
    }

    /// <summary>A client of <paramref name="service"/> carrying a token for <paramref name="partnerId"/> with these scopes.</summary>
    public async Task<HttpClient> ClientAsync(IServiceHost service, string partnerId, params string[] scopes)
    {
        var client = service.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(partnerId, scopes));
        return client;
    }

    /// <summary>Registers the partner and a client with these scopes (once), and returns a fresh access token.</summary>
    public async Task<string> TokenAsync(string partnerId, params string[] scopes)
    {
        var cacheKey = partnerId + "|" + string.Join(' ', scopes.Order());
        if (_tokens.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        using var admin = await IdentityAdminAsync();
        var partner = await admin.PostAsJsonAsync("/api/v1/identity/partners", new { id = partnerId, name = partnerId.ToUpperInvariant() });
        if (partner.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            partner.EnsureSuccessStatusCode();
        }

        var created = await admin.PostAsJsonAsync($"/api/v1/identity/partners/{partnerId}/clients", new { displayName = $"{partnerId} test client", scopes });
        created.EnsureSuccessStatusCode();
        var client = await created.Content.ReadFromJsonAsync<IssuedClient>();
        var token = await RequestTokenAsync(client!.ClientId, client.ClientSecret);
        _tokens[cacheKey] = token;
        return token;
    }

    /// <summary>An HTTP client of the identity service carrying the bootstrap administrator's token.</summary>
    public async Task<HttpClient> IdentityAdminAsync()
    {
        _identityClient ??= Identity.CreateClient();
        _adminToken ??= await RequestTokenAsync(AdminClientId, AdminClientSecret);
        var admin = Identity.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return admin;
    }

    /// <summary>
    /// Registers the partners through Identity's admin API (those not registered yet), and waits
    /// until every started service that keeps the list of known partners has them, enabled.
    /// </summary>
    public async Task RegisterPartnersAsync(params string[] partnerIds)
    {
        using var admin = await IdentityAdminAsync();
        foreach (var partnerId in partnerIds)
        {
            var partner = await admin.PostAsJsonAsync("/api/v1/identity/partners", new { id = partnerId, name = partnerId.ToUpperInvariant() });
            if (partner.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                partner.EnsureSuccessStatusCode();
            }
        }

        await WaitForKnownPartnersAsync(partnerIds, enabled: true);
    }

    /// <summary>Waits until every started service that keeps known partners sees each of <paramref name="partnerIds"/> as <paramref name="enabled"/>.</summary>
    public async Task WaitForKnownPartnersAsync(IReadOnlyCollection<string> partnerIds, bool enabled)
    {
        var ids = partnerIds.ToList();
        await Eventually.TrueAsync(async () =>
                await KnowsAsync(Beneficiaries) && (Activities is null || await KnowsAsync(Activities)) && (Grievances is null || await KnowsAsync(Grievances))
                && (Funding is null || await KnowsAsync(Funding)),
            TimeSpan.FromSeconds(30), $"the services to know {string.Join(", ", ids)} as {(enabled ? "enabled" : "disabled")}");

        Task<bool> KnowsAsync<TContext>(ServiceHost<TContext> host) where TContext : ServiceDbContext =>
            Db<TContext, bool>(host, async db => await db.KnownPartners.CountAsync(p => ids.Contains(p.Id) && p.Enabled == enabled) == ids.Count);
    }

    public async Task<string> RequestTokenAsync(string clientId, string clientSecret, string? scope = null)
    {
        _identityClient ??= Identity.CreateClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        var response = await _identityClient.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            var errors = _identityLog.Lines.TakeLast(5).Select(line => line.Text);
            throw new InvalidOperationException($"Token request failed ({(int)response.StatusCode}): {body}{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }

        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Reads or changes a service's database as the platform's own work (every partner's rows), as a test inspects it.</summary>
    public async Task<T> Db<TContext, T>(IServiceHost service, Func<TContext, Task<T>> query) where TContext : DbContext
    {
        await using var scope = service.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public Task<T> BeneficiariesDb<T>(Func<BeneficiariesDbContext, Task<T>> query) => Db(Beneficiaries, query);

    public Task<T> ActivitiesDb<T>(Func<ActivitiesDbContext, Task<T>> query) => Db(Activities!, query);

    public Task<T> FundingDb<T>(Func<FundingDbContext, Task<T>> query) => Db(Funding!, query);

    /// <summary>Stops Funding; its queues stay on the broker and keep what is published meanwhile.</summary>
    public async Task StopFundingAsync()
    {
        var funding = Funding!;
        _hosts.Remove(funding);
        Funding = null;
        await funding.DisposeAsync();
    }

    /// <summary>A second instance of Funding on the same database and broker, consuming from the same queues, as a scaled-out deployment runs.</summary>
    public async Task<ServiceHost<FundingDbContext>> StartAnotherFundingAsync()
    {
        var another = Start(() => new ServiceHost<FundingDbContext>(Settings("funding")));
        await Ready.WaitAsync(another.CreateClient());
        return another;
    }

    /// <summary>Starts Funding again on the same database and virtual host.</summary>
    public async Task StartFundingAsync()
    {
        Funding = Start(() => new ServiceHost<FundingDbContext>(Settings("funding")));
        await Ready.WaitAsync(Funding.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        _identityClient?.Dispose();
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        await Resources.DisposeAsync();
        Keys.Dispose();
    }

    private sealed record IssuedClient(string ClientId, string ClientSecret);
}
