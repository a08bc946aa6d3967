using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using JusticePlatform.TestSupport;

namespace JusticePlatform.AppHostTests;

/// <summary>
/// The real AppHost, as `dotnet run --project AppHost` starts it, in `existing` mode: the servers
/// are the ones the test run already has (this class's own databases and RabbitMQ virtual host,
/// see <see cref="TestResources"/>), the identity service, the four services and the gateway
/// run as processes, two instances of each (Platform:Replicas=2), and the gateways behind
/// Aspire's proxy.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string AdminClientSecret = "apphost-test-admin-secret-0123456789";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly string _runDirectory = Directory.CreateTempSubdirectory("apphost-test-").FullName;
    private TestResources _resources = null!;
    private DistributedApplication? _app;

    public const int Replicas = 2;

    public Uri Gateway { get; private set; } = null!;

    /// <summary>The running AppHost: its resources' states, and commands (stop, start) on them.</summary>
    public DistributedApplication App => _app!;

    /// <summary>The run folder the AppHost was given (Platform:RunDirectory).</summary>
    public string RunDirectory => _runDirectory;

    public async Task InitializeAsync()
    {
        _resources = await TestResources.CreateAsync(nameof(AppHostTests));
        var gatewayPort = FreePort();
        string[] args =
        [
            "--Platform:Servers=existing",
            $"--Platform:Replicas={Replicas}",
            $"--Platform:GatewayPort={gatewayPort}",
            $"--Platform:RunDirectory={_runDirectory}",
            $"--Platform:DatabaseProvider={_resources.Infrastructure.Provider}",
            $"--ADMIN_CLIENT_SECRET={AdminClientSecret}",
            $"--ConnectionStrings:messaging={_resources.RabbitConnectionString}",
            $"--ConnectionStrings:redis={await TestInfrastructure.RedisAsync()}",
            .. new[] { "identity", "beneficiaries", "activities", "grievances", "funding" }
                .Select(service => $"--ConnectionStrings:{service}db={_resources.DatabaseConnectionString(service)}"),
        ];

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        // Several gateways sit behind Aspire's proxy, whose port the test host chooses at random.
        Gateway = _app.GetEndpoint("gateway", "http");
    }

    public HttpClient CreateClient() => new() { BaseAddress = Gateway };

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _resources.DisposeAsync();
        Directory.Delete(_runDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
