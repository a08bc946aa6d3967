using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _logs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _states = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopWatchingLogs = new();

    public const int Replicas = 2;

    /// <summary>The lines of each resource's log kept for a failure's message.</summary>
    private const int KeptLogLines = 40;

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
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            // Each answer and each refused request in the logs, so that a failed answer can be told by who gave it.
            builder.CreateResourceBuilder(project)
                .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information")
                .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Server.Kestrel.BadRequests", "Debug");
        }

        _app = await builder.BuildAsync(timeout.Token);
        KeepLogs(_app);
        try
        {
            await _app.StartAsync(timeout.Token);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost did not have a healthy gateway within {StartTimeout.TotalMinutes:0} minutes. Its instances:\n{InstanceStates()}");
        }
        // Several gateways sit behind Aspire's proxy, whose port the test host chooses at random.
        Gateway = _app.GetEndpoint("gateway", "http");
    }

    public HttpClient CreateClient() => new() { BaseAddress = Gateway };

    /// <summary>The last lines the named resources (all instances: "gateway" also reads "gateway-2"...) logged, for a failure's message.</summary>
    public string RecentLogs(params string[] resources) => string.Join("\n", resources.SelectMany(resource => InstanceLogs(resource)
        .SelectMany(log => log.Value.TakeLast(KeptLogLines).Select(line => $"[{log.Key}] {line}"))));

    /// <summary>Each instance's last state, and the last lines of those not running healthy: why a start failed.</summary>
    private string InstanceStates() => string.Join("\n", _states.OrderBy(state => state.Key).Select(state =>
    {
        var (instance, snapshot) = (state.Key, state.Value);
        var summary = $"{instance}: {snapshot.State?.Text ?? "no state"}, health {snapshot.HealthStatus?.ToString() ?? "unknown"}"
            + (snapshot.ExitCode is { } exitCode ? $", exit code {exitCode}" : "");
        var runningHealthy = snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;
        return runningHealthy || !_logs.TryGetValue(instance, out var lines)
            ? summary
            : summary + "\n" + string.Join("\n", lines.Select(line => $"  [{instance}] {line}"));
    }));

    private IEnumerable<KeyValuePair<string, ConcurrentQueue<string>>> InstanceLogs(string resource) =>
        _logs.Where(log => log.Key == resource || log.Key.StartsWith(resource + "-", StringComparison.Ordinal));

    /// <summary>
    /// Keeps each instance's last lines. Logs are kept by instance ("gateway-xk2p", one per replica),
    /// known only once Aspire creates it: the instances are found from the resources' notifications.
    /// </summary>
    private void KeepLogs(DistributedApplication app)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync(_stopWatchingLogs.Token))
                {
                    if (update.Resource is not ProjectResource)
                    {
                        continue;
                    }

                    _states[update.ResourceId] = update.Snapshot;
                    if (!_logs.ContainsKey(update.ResourceId))
                    {
                        KeepLogsOf(logs, update.ResourceId, _logs.GetOrAdd(update.ResourceId, _ => new ConcurrentQueue<string>()));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private void KeepLogsOf(ResourceLoggerService logs, string instance, ConcurrentQueue<string> lines) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(instance).WithCancellation(_stopWatchingLogs.Token))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                        while (lines.Count > KeptLogLines && lines.TryDequeue(out _))
                        {
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

    public async Task DisposeAsync()
    {
        await _stopWatchingLogs.CancelAsync();
        _stopWatchingLogs.Dispose();
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
