using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace JusticePlatform.AppHost;

public static class PlatformProjects
{
    /// <summary>
    /// A service: its database and the broker (it starts once both are healthy), a named
    /// environment, an "http" endpoint, and /health as its health in the dashboard and what others wait for.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformProject<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings settings, PlatformServers servers)
        where TProject : IProjectMetadata, new()
    {
        var project = builder.AddProject<TProject>(name)
            .WithPlatformDefaults(settings)
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/health")
            .WithReference(servers.Database(name), PlatformServers.ConnectionName(name))
            .WithReference(servers.Messaging, "messaging")
            .WithEnvironment("Database__Provider", servers.DatabaseProvider);
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
/// What must outlive a restart and stay out of the databases, made once and kept in the run folder:
/// the identity service's signing key (tokens outlive a restart), the key of Beneficiaries' duplicate
/// match hashes (every stored hash depends on it) and Grievances' survivor-data key ring (every
/// encrypted record does).
/// </summary>
public static class RunFolderKeys
{
    public static string IdentitySigningKey(string runDirectory) =>
        WriteOnce(runDirectory, "identity-signing-key.pem", () =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportRSAPrivateKeyPem();
        });

    public static string MatchKeySecret(IConfiguration config, string runDirectory) =>
        config["Platform:MatchKeySecret"] is { Length: > 0 } configured
            ? configured
            : File.ReadAllText(WriteOnce(runDirectory, "beneficiaries-match-key",
                () => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant())).Trim();

    /// <summary>A key file as Grievances reads it: {"activeKey": "k1", "keys": {"k1": base64 of 32 bytes}}. To rotate, add a key and make it active.</summary>
    public static string GrievancesKeyFile(string runDirectory) =>
        WriteOnce(runDirectory, "grievances-keys.json",
            () => JsonSerializer.Serialize(new { activeKey = "k1", keys = new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } }));

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
