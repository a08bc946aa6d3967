using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace JusticePlatform.AppHost;

public static class PlatformProjects
{
    /// <summary>
    /// A service: its database and the broker (it starts once both are healthy), a named
    /// environment, an "http" endpoint, and /health as its health in the dashboard and what others wait for.
    /// <paramref name="configure"/> gives it what it needs beyond them (keys, secrets, the identity service).
    /// Where the servers give each service its own accounts, its migrations run first on their own
    /// ("&lt;name&gt;-migrations", --migrate-only on the database's owner role, as a deployment's migration
    /// job), and the service then runs on its runtime role, which may not change the schema.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformProject<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings settings, PlatformServers servers,
        Action<IResourceBuilder<ProjectResource>>? configure = null)
        where TProject : IProjectMetadata, new()
    {
        var project = builder.AddProject<TProject>(name)
            .WithPlatformDefaults(settings)
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Database__Provider", servers.DatabaseProvider);
        if (servers.Accounts is { } accounts)
        {
            var messaging = accounts.Messaging(name);
            var migrations = builder.AddProject<TProject>($"{name}-migrations")
                .WithArgs("--migrate-only")
                .WithPlatformDefaults(settings)
                .WithReference(accounts.OwnerDatabase(name), PlatformServers.ConnectionName(name))
                .WithReference(messaging, "messaging")
                .WithEnvironment("Database__Provider", servers.DatabaseProvider)
                .WaitForCompletion(accounts.Provisioning);
            configure?.Invoke(migrations);
            project
                .WithReference(accounts.RuntimeDatabase(name), PlatformServers.ConnectionName(name))
                .WithReference(messaging, "messaging")
                .WithEnvironment("Database__MigrateAtStart", "false")
                .WaitForCompletion(migrations);
        }
        else
        {
            project
                .WithReference(servers.Database(name), PlatformServers.ConnectionName(name))
                .WithReference(servers.Messaging, "messaging");
        }

        configure?.Invoke(project);
        foreach (var server in servers.WaitFor)
        {
            project.WaitFor(server);
        }

        return project;
    }

    /// <summary>The named environment (never Production by accident) and the one upload limit, the same for the gateway and every service.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> project, PlatformSettings settings) =>
        project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment(PlatformSettings.UploadLimitSetting.Replace(":", "__", StringComparison.Ordinal),
                settings.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Serves on http://127.0.0.1:PORT itself (no proxy in front), the address the README gives partners; healthy once /health answers.</summary>
    public static IResourceBuilder<ProjectResource> WithFixedHttpPort(this IResourceBuilder<ProjectResource> project, int port) =>
        project
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithHttpHealthCheck("/health");

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
