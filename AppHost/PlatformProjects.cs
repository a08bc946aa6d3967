using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace JusticePlatform.AppHost;

/// <summary>
/// The instances of one service (Platform:Replicas of them), each a resource of its own with its own
/// address, so that the gateway balances across them and stops sending to one that fails its health
/// (a replica set behind one proxied address would hide which instance is dead). The first keeps the
/// service's name; the others are name-2, name-3...
/// </summary>
public sealed record PlatformService(string Name, IReadOnlyList<IResourceBuilder<ProjectResource>> Instances)
{
    public IResourceBuilder<ProjectResource> First => Instances[0];
}

public static class PlatformProjects
{
    /// <summary>
    /// A service's instances, each set up by <paramref name="configure"/>. The others start once the
    /// first is healthy: it alone writes the key files on a first start (and migrates the database
    /// where no migrations resource does).
    /// </summary>
    public static PlatformService AddPlatformService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings settings, PlatformServers servers,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure)
        where TProject : IProjectMetadata, new()
    {
        var connect = builder.AddConnections<TProject>(name, settings, servers, configure);
        var first = configure(builder.AddPlatformInstance<TProject>(name, settings, servers, connect));
        var instances = new List<IResourceBuilder<ProjectResource>> { first };
        for (var replica = 2; replica <= settings.Replicas; replica++)
        {
            instances.Add(configure(builder.AddPlatformInstance<TProject>($"{name}-{replica}", settings, servers, connect)).WaitFor(first));
        }

        return new PlatformService(name, instances);
    }

    /// <summary>
    /// Gives the gateway every instance of <paramref name="service"/> as services__NAME__http__0, __1...,
    /// the shape Aspire's service discovery uses, and starts it once all of them answer.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInstancesOf(this IResourceBuilder<ProjectResource> gateway, PlatformService service)
    {
        for (var index = 0; index < service.Instances.Count; index++)
        {
            var instance = service.Instances[index];
            gateway.WithEnvironment($"services__{service.Name}__http__{index}", instance.GetEndpoint("http")).WaitFor(instance);
        }

        return gateway;
    }

    /// <summary>
    /// How every instance of a service reaches its database and the broker. Where the servers give each
    /// service its own accounts, its migrations run first on their own ("&lt;name&gt;-migrations",
    /// --migrate-only on the database's owner role, as a deployment's migration job), and the instances
    /// then run on its runtime role, which may not change the schema. The migrations need the database
    /// only, not the broker: they run while RabbitMQ is still starting.
    /// </summary>
    private static Action<IResourceBuilder<ProjectResource>> AddConnections<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings settings, PlatformServers servers,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure)
        where TProject : IProjectMetadata, new()
    {
        if (servers.Accounts is not { } accounts)
        {
            var database = servers.Database(name);
            return project => project
                .WithReference(database, PlatformServers.ConnectionName(name))
                .WithReference(servers.Messaging, "messaging");
        }

        var messaging = accounts.Messaging(name);
        var migrations = configure(builder.AddProject<TProject>($"{name}-migrations")
            .WithArgs("--migrate-only")
            .WithPlatformDefaults(settings)
            .WithReference(accounts.OwnerDatabase(name), PlatformServers.ConnectionName(name))
            .WithReference(messaging, "messaging")
            .WithEnvironment("Database__Provider", servers.DatabaseProvider)
            .WaitForCompletion(accounts.DatabaseProvisioning));
        // The service's settings name the identity service's address, which the migrations read but never
        // call: they must not wait for it to be healthy (that put every service's migrations after the
        // identity service's whole start).
        foreach (var wait in migrations.Resource.Annotations.OfType<WaitAnnotation>().Where(w => w.Resource is ProjectResource).ToList())
        {
            migrations.Resource.Annotations.Remove(wait);
        }

        var runtimeDatabase = accounts.RuntimeDatabase(name);
        return project => project
            .WithReference(runtimeDatabase, PlatformServers.ConnectionName(name))
            .WithReference(messaging, "messaging")
            .WithEnvironment("Database__MigrateAtStart", "false")
            .WaitForCompletion(migrations)
            .WaitForCompletion(accounts.BrokerProvisioning);
    }

    /// <summary>
    /// A service instance: its database and the broker (it starts once both are healthy), a named
    /// environment, an "http" endpoint, and /health as its health in the dashboard and what others wait for.
    /// The endpoint is the instance's own port, without Aspire's proxy in front: a stopped instance's
    /// address then refuses connections, as in a deployment, and the gateway takes it out at once.
    /// Behind the proxy the address stayed open and held what it was sent until the gateway's timeout.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddPlatformInstance<TProject>(
        this IDistributedApplicationBuilder builder, string resourceName, PlatformSettings settings, PlatformServers servers,
        Action<IResourceBuilder<ProjectResource>> connect)
        where TProject : IProjectMetadata, new()
    {
        var port = FreePort();
        var project = builder.AddProject<TProject>(resourceName)
            .WithPlatformDefaults(settings)
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Database__Provider", servers.DatabaseProvider);
        connect(project);
        foreach (var server in servers.WaitFor)
        {
            project.WaitFor(server);
        }

        return project;
    }

    private static readonly HashSet<int> GivenPorts = [];

    /// <summary>
    /// A port no process listens on now, for an endpoint without Aspire's proxy (Aspire allocates
    /// none). Below the systems' ephemeral ranges (Linux 32768–60999, Windows and macOS from 49152):
    /// a port from there could be taken, before the instance starts, as the local end of one of the
    /// platform's own outgoing connections (its database and broker pools), and the instance would
    /// then fail to listen.
    /// </summary>
    private static int FreePort()
    {
        const int First = 20000, Last = 32767;
        lock (GivenPorts)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (!GivenPorts.Contains(port) && IsFree(port))
                {
                    GivenPorts.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port was found between {First} and {Last} for a service instance.");
    }

    /// <summary>True when nothing listens on <paramref name="port"/> of the loopback address now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The named environment (never Production by accident) and the one upload limit, the same for the gateway and every service.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> project, PlatformSettings settings) =>
        project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment(PlatformSettings.UploadLimitSetting.Replace(":", "__", StringComparison.Ordinal),
                settings.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Serves on http://127.0.0.1:PORT, the address the README gives partners; healthy once /health answers.
    /// One instance serves there itself (no proxy in front); several sit behind Aspire's proxy on that
    /// port, which spreads connections across them as a load balancer in front of the gateways does.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFixedHttpPort(this IResourceBuilder<ProjectResource> project, int port, int replicas) =>
        replicas == 1
            ? project
                .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
                .WithHttpHealthCheck("/health")
            : project
                .WithHttpEndpoint(port: port, name: "http")
                .WithHttpHealthCheck("/health")
                .WithReplicas(replicas);

    /// <summary>
    /// Validates partners' tokens against the identity service's published keys: services__identity__http__0
    /// is the authority, reached over plain HTTP on this machine, hence no HTTPS requirement for its metadata.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithIdentity(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> identity) =>
        project
            .WithReference(identity).WaitFor(identity)
            .WithEnvironment("Identity__RequireHttpsMetadata", "false");
}

/// <summary>
/// What must outlive a restart and stay out of the databases, kept in the run folder. Key files
/// live in .run/keys, apart from the database servers' data (.run/postgres, .run/rabbitmq): the
/// identity service's signing key (tokens outlive a restart), Grievances' survivor-data key
/// ring (every encrypted record depends on it) and the key of its beneficiary-link hashes, each made by its service on the first start and
/// kept wrapped by the key-encryption key. The key of Beneficiaries' duplicate match hashes
/// (every stored hash depends on it) is made here.
/// </summary>
public static class RunFolderKeys
{
    public const string KeyEncryptionKeySetting = "KEY_ENCRYPTION_KEY";

    public static string IdentitySigningKeyFile(string runDirectory) => KeyFile(runDirectory, "identity-signing-key.pem", "identity-signing-key.json");

    public static string GrievancesKeyRingFile(string runDirectory) => KeyFile(runDirectory, "grievances-keys.json", "grievances-key-ring.json");

    public static string GrievancesLinkKeyFile(string runDirectory) => KeyFile(runDirectory, "grievances-link-key", "grievances-link-key.json");

    /// <summary>
    /// The key-encryption key given to the AppHost (KEY_ENCRYPTION_KEY), passed on to the services
    /// that keep key files. Without one, the services generate one next to their key files in
    /// Development only (.run/keys/development-key-encryption-key); other environments refuse to start.
    /// The key files are the run folder's own, made at the first start, so the services may make a missing
    /// one in any environment (a deployment mounts them instead: there a missing one stops the start).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKeyEncryptionKey(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource>? key)
    {
        project.WithEnvironment("KeyEncryption__CreateMissingKeyFiles", "true");
        return key is null ? project : project.WithEnvironment(KeyEncryptionKeySetting, key);
    }

    public static string MatchKeySecret(IConfiguration config, string runDirectory) =>
        config["Platform:MatchKeySecret"] is { Length: > 0 } configured
            ? configured
            : File.ReadAllText(WriteOnce(runDirectory, "beneficiaries-match-key",
                () => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant())).Trim();

    // A key file an earlier AppHost wrote unwrapped at the top of the run folder moves into keys/;
    // its service wraps it in place at its next start (in Development).
    private static string KeyFile(string runDirectory, string earlierName, string name)
    {
        var directory = Path.Combine(runDirectory, "keys");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        var earlier = Path.Combine(runDirectory, earlierName);
        if (!File.Exists(path) && File.Exists(earlier))
        {
            File.Move(earlier, path);
        }

        return path;
    }

    private static string WriteOnce(string runDirectory, string name, Func<string> content)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, name);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return path;
    }
}
