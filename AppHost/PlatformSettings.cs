using Microsoft.Extensions.Configuration;

namespace JusticePlatform.AppHost;

/// <summary>Where the broker and the databases come from.</summary>
public enum ServersMode
{
    /// <summary>PostgreSQL and RabbitMQ from the OS packages, started by the AppHost on ports and data directories of their own.</summary>
    Local,

    /// <summary>Servers someone already runs, given by connection strings.</summary>
    Existing,

    /// <summary>RabbitMQ and PostgreSQL (or SQL Server) containers with data volumes.</summary>
    Containers,
}

/// <summary>The AppHost's settings, under "Platform" (appsettings.json, environment variables Platform__*, or --Platform:* arguments).</summary>
public sealed record PlatformSettings(
    ServersMode Servers,
    string EnvironmentName,
    int GatewayPort,
    string RunDirectory,
    int PostgresPort,
    int RabbitMqPort,
    int RabbitMqManagementPort,
    int RedisPort,
    string AdminClientId,
    string AdminClientSecret,
    long MaxUploadBytes,
    int Replicas)
{
    /// <summary>The one upload limit, given to the gateway and every service alike (see UploadLimit in BuildingBlocks).</summary>
    public const string UploadLimitSetting = "Imports:MaxUploadBytes";

    public static PlatformSettings Read(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var runDirectory = config["Platform:RunDirectory"] is { Length: > 0 } run
            ? Path.GetFullPath(run)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".run"));

        return new PlatformSettings(
            Servers: ChooseServers(config),
            EnvironmentName: config["Platform:Environment"] is { Length: > 0 } environment ? environment : builder.Environment.EnvironmentName,
            GatewayPort: config.GetValue("Platform:GatewayPort", 8080),
            RunDirectory: runDirectory,
            PostgresPort: config.GetValue("Platform:Local:PostgresPort", 25432),
            RabbitMqPort: config.GetValue("Platform:Local:RabbitMqPort", 35672),
            RabbitMqManagementPort: config.GetValue("Platform:Local:RabbitMqManagementPort", 35673),
            RedisPort: config.GetValue("Platform:Local:RedisPort", 36379),
            AdminClientId: config["ADMIN_CLIENT_ID"] is { Length: > 0 } id ? id : "platform-admin",
            AdminClientSecret: config["ADMIN_CLIENT_SECRET"] is { Length: > 0 } secret ? secret : "local-admin-secret",
            MaxUploadBytes: config.GetValue(UploadLimitSetting, 50L * 1024 * 1024),
            Replicas: ChooseReplicas(config));
    }

    /// <summary>Platform:Replicas, how many instances of every service and of the gateway run: 1 unless set.</summary>
    private static int ChooseReplicas(IConfiguration config)
    {
        var setting = config["Platform:Replicas"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return 1;
        }

        return int.TryParse(setting, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var replicas) && replicas is >= 1 and <= 10
            ? replicas
            : throw new InvalidOperationException($"Platform:Replicas is '{setting}'; it must be a whole number from 1 to 10.");
    }

    /// <summary>Platform:Servers when set; otherwise containers where a container engine answers, and local servers where none does.</summary>
    private static ServersMode ChooseServers(IConfiguration config)
    {
        var setting = config["Platform:Servers"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return ContainerEngine.Answers(config, out _) ? ServersMode.Containers : ServersMode.Local;
        }

        return Enum.TryParse<ServersMode>(setting, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException($"Platform:Servers is '{setting}'; it must be local, existing or containers.");
    }
}
