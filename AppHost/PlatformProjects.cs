using System.Security.Cryptography;
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

    /// <summary>The named environment: never Production by accident.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> project, PlatformSettings settings) =>
        project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", settings.EnvironmentName);

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

/// <summary>The identity service's signing key, kept in the run folder so that tokens outlive a restart.</summary>
public static class IdentitySigningKey
{
    public static string EnsureExists(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, "identity-signing-key.pem");
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return path;
    }
}

/// <summary>
/// The key of Beneficiaries' duplicate match hashes: made once and kept in the run folder (or given as
/// Platform:MatchKeySecret), since every stored hash depends on it.
/// </summary>
public static class MatchKeySecret
{
    public static string Read(IConfiguration config, string runDirectory)
    {
        if (config["Platform:MatchKeySecret"] is { Length: > 0 } configured)
        {
            return configured;
        }

        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, "beneficiaries-match-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllText(path).Trim();
    }
}
