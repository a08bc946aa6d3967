using Microsoft.Extensions.Configuration;

namespace JusticePlatform.AppHost;

/// <summary>
/// The broker and the databases as the services see them: connection strings named "messaging"
/// and "&lt;service&gt;db", the EF Core provider the services choose with Database:Provider, and the
/// servers a service waits for (healthy) before it starts. <see cref="Redis"/> is the gateway's
/// "redis": its rate limits, shared by its instances. Where the servers give each service
/// accounts of its own (<see cref="Accounts"/>), a service runs on its runtime role and broker user,
/// after its migrations ran on its database's owner role.
/// </summary>
public sealed record PlatformServers(
    string DatabaseProvider,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> Database,
    IReadOnlyList<IResourceBuilder<IResource>> WaitFor,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    ServiceAccountResources? Accounts = null)
{
    public const string RedisConnectionName = "redis";

    /// <summary>A service's database: the connection is "&lt;service&gt;db", the database on the server is justice_&lt;service&gt;.</summary>
    public static string ConnectionName(string service) => $"{service}db";

    public static string DatabaseName(string service) => $"justice_{service}";
}

/// <summary>
/// Each service's own accounts (scripts/provision-servers.sh): its database on its runtime role (DML only),
/// the same database on its owner role (the migrations), its broker user; the roles made by
/// <see cref="DatabaseProvisioning"/>, the broker users by <see cref="BrokerProvisioning"/>.
/// </summary>
public sealed record ServiceAccountResources(
    Func<string, IResourceBuilder<IResourceWithConnectionString>> RuntimeDatabase,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> OwnerDatabase,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> Messaging,
    IResourceBuilder<IResource> DatabaseProvisioning,
    IResourceBuilder<IResource> BrokerProvisioning);

/// <summary>Servers someone already runs: ConnectionStrings:messaging, ConnectionStrings:redis, and ConnectionStrings:&lt;service&gt;db or one ConnectionStrings:postgres for all.</summary>
public static class ExistingServers
{
    public static readonly string[] Services = ["identity", "beneficiaries", "activities", "grievances", "funding"];

    public static PlatformServers Add(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var server = config.GetConnectionString("postgres");
        var missing = new List<string>();
        foreach (var service in Services)
        {
            var name = PlatformServers.ConnectionName(service);
            if (!string.IsNullOrWhiteSpace(config.GetConnectionString(name)))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(server))
            {
                missing.Add($"ConnectionStrings:{name}");
                continue;
            }

            // One server for every service, each in a database of its own.
            config[$"ConnectionStrings:{name}"] = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = PlatformServers.DatabaseName(service) }.ConnectionString;
        }

        if (string.IsNullOrWhiteSpace(config.GetConnectionString("messaging")))
        {
            missing.Add("ConnectionStrings:messaging");
        }

        if (string.IsNullOrWhiteSpace(config.GetConnectionString(PlatformServers.RedisConnectionName)))
        {
            missing.Add($"ConnectionStrings:{PlatformServers.RedisConnectionName}");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Platform:Servers is 'existing' but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set " +
                "(set ConnectionStrings:postgres to give one PostgreSQL server for every service).");
        }

        return new PlatformServers(
            config["Platform:DatabaseProvider"] is { Length: > 0 } provider ? provider : "Postgres",
            builder.AddConnectionString("messaging"),
            service => builder.AddConnectionString(PlatformServers.ConnectionName(service)),
            [],
            builder.AddConnectionString(PlatformServers.RedisConnectionName));
    }
}

/// <summary>RabbitMQ and PostgreSQL (or, built with -p:WithSqlServerContainers=true, SQL Server) containers; data volumes keep queues and databases across runs. Redis keeps nothing: its counters live one window.</summary>
public static class ContainerServers
{
    public static PlatformServers Add(IDistributedApplicationBuilder builder)
    {
        var messaging = builder.AddRabbitMQ("messaging")
            .WithManagementPlugin()
            .WithDataVolume();
        var redis = builder.AddRedis(PlatformServers.RedisConnectionName);

#if SQLSERVER_CONTAINERS
        var sql = builder.AddSqlServer("sql").WithDataVolume();
        return new PlatformServers(
            "SqlServer",
            messaging,
            service => sql.AddDatabase(PlatformServers.ConnectionName(service), PlatformServers.DatabaseName(service)),
            [messaging, sql],
            redis);
#else
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        return new PlatformServers(
            "Postgres",
            messaging,
            service => postgres.AddDatabase(PlatformServers.ConnectionName(service), PlatformServers.DatabaseName(service)),
            [messaging, postgres],
            redis);
#endif
    }
}
