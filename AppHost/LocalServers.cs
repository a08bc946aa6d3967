using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabbitMQ.Client;

namespace JusticePlatform.AppHost;

/// <summary>
/// PostgreSQL, RabbitMQ and Redis from the OS packages, run by the AppHost as executable resources
/// (the scripts in LocalServers/): on ports of their own, listening on 127.0.0.1 only, with
/// their data under the run folder (.run/postgres, .run/rabbitmq; Redis keeps none), so they never meet servers
/// the machine already runs. Each is healthy once it answers a real client; stopping the
/// AppHost stops them (PostgreSQL with a fast shutdown). Each service gets a database, roles and a
/// broker user of its own on them (<see cref="ServiceAccounts"/>).
/// </summary>
public static class LocalServers
{
    public static PlatformServers Add(IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var scripts = Path.Combine(builder.AppHostDirectory, "LocalServers");
        var postgresDirectory = Path.Combine(settings.RunDirectory, "postgres");
        var rabbitDirectory = Path.Combine(settings.RunDirectory, "rabbitmq");
        Directory.CreateDirectory(postgresDirectory);
        Directory.CreateDirectory(rabbitDirectory);

        var password = builder.AddParameter("postgres-password", StoredPassword(Path.Combine(postgresDirectory, "password")), secret: true);
        var postgresPort = settings.PostgresPort.ToString(CultureInfo.InvariantCulture);
        var postgres = builder.AddExecutable("postgres", "bash", postgresDirectory,
                Path.Combine(scripts, "postgres.sh"), Path.Combine(postgresDirectory, "data"), postgresPort)
            .WithEnvironment("LOCAL_POSTGRES_PASSWORD", password)
            .WithEndpoint(port: settings.PostgresPort, targetPort: settings.PostgresPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck("postgres-answers");

        var rabbitPort = settings.RabbitMqPort.ToString(CultureInfo.InvariantCulture);
        var rabbitmq = builder.AddExecutable("rabbitmq", "bash", rabbitDirectory,
                Path.Combine(scripts, "rabbitmq.sh"), rabbitDirectory, rabbitPort,
                settings.RabbitMqManagementPort.ToString(CultureInfo.InvariantCulture))
            .WithEndpoint(port: settings.RabbitMqPort, targetPort: settings.RabbitMqPort, scheme: "amqp", name: "amqp", isProxied: false)
            .WithHttpEndpoint(port: settings.RabbitMqManagementPort, targetPort: settings.RabbitMqManagementPort, name: "management", isProxied: false)
            .WithHealthCheck("rabbitmq-answers");

        var redisPort = settings.RedisPort.ToString(CultureInfo.InvariantCulture);
        var redisAddress = $"127.0.0.1:{redisPort}";
        // "redis-server": "redis" is the connection string the gateway reads (resource names are one namespace).
        var redis = builder.AddExecutable("redis-server", "bash", settings.RunDirectory,
                Path.Combine(scripts, "redis.sh"), Path.Combine(settings.RunDirectory, "redis"), redisPort)
            .WithEndpoint(port: settings.RedisPort, targetPort: settings.RedisPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck("redis-answers");

        var amqp = $"amqp://guest:guest@127.0.0.1:{rabbitPort}";
        var postgresAdmin = $"Host=127.0.0.1;Port={postgresPort};Username=postgres";
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("postgres-answers", _ => new PostgresAnswers(postgresAdmin, password.Resource), null, null))
            .Add(new HealthCheckRegistration("rabbitmq-answers", _ => new RabbitMqAnswers(new Uri(amqp)), null, null))
            .AddRedis(redisAddress, name: "redis-answers");

        var messaging = builder.AddConnectionString("messaging", ReferenceExpression.Create($"{amqp}"));
        var accounts = ServiceAccounts(builder, settings, password, postgres, rabbitmq);
        var redisConnection = builder.AddConnectionString(PlatformServers.RedisConnectionName, ReferenceExpression.Create($"{redisAddress}"));
        return new PlatformServers("Postgres", messaging, accounts.RuntimeDatabase, [postgres, rabbitmq, redis], redisConnection, accounts);
    }

    /// <summary>
    /// Each service's own roles and broker user, made by scripts/provision-servers.sh (as production
    /// makes them): the roles once PostgreSQL answers, the broker users once RabbitMQ does, with
    /// passwords generated into the run folder (.run/secrets).
    /// </summary>
    private static ServiceAccountResources ServiceAccounts(
        IDistributedApplicationBuilder builder, PlatformSettings settings, IResourceBuilder<ParameterResource> superuserPassword,
        IResourceBuilder<IResource> postgres, IResourceBuilder<IResource> rabbitmq)
    {
        var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var secrets = Path.Combine(settings.RunDirectory, "secrets");
        Directory.CreateDirectory(secrets);
        var postgresPort = settings.PostgresPort.ToString(CultureInfo.InvariantCulture);

        // Two runs of the script, each waiting only for its own server: the databases' part (and the
        // migrations after it) need not wait for RabbitMQ, which takes the longest to start.
        IResourceBuilder<ExecutableResource> Provision(string name, string parts) =>
            builder.AddExecutable(name, "bash", repository, Path.Combine(repository, "scripts", "provision-servers.sh"))
                .WithEnvironment("JUSTICE_PROVISION", parts)
                .WithEnvironment("PGHOST", "127.0.0.1")
                .WithEnvironment("PGPORT", postgresPort)
                .WithEnvironment("PGUSER", "postgres")
                .WithEnvironment("PGPASSWORD", superuserPassword)
                .WithEnvironment("RABBITMQ_MANAGEMENT", $"http://guest:guest@127.0.0.1:{settings.RabbitMqManagementPort.ToString(CultureInfo.InvariantCulture)}")
                .WithEnvironment("SECRETS_DIR", secrets);

        var databases = Provision("provision-databases", "databases").WaitFor(postgres);
        var broker = Provision("provision-broker", "broker").WaitFor(rabbitmq);

        IResourceBuilder<ParameterResource> Password(string service, string account) =>
            builder.AddParameter($"{service}-{account}-password", StoredPassword(Path.Combine(secrets, $"{service}-{account}-password")), secret: true);

        IResourceBuilder<IResourceWithConnectionString> Database(string service, string role, string name) =>
            builder.AddConnectionString(name, ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={postgresPort};Username=justice_{service}_{role};Password={Password(service, role)};Database={PlatformServers.DatabaseName(service)}"));

        return new ServiceAccountResources(
            service => Database(service, "app", PlatformServers.ConnectionName(service)),
            service => Database(service, "owner", $"{PlatformServers.ConnectionName(service)}-owner"),
            service => builder.AddConnectionString($"{service}-messaging", ReferenceExpression.Create(
                $"amqp://justice_{service}:{Password(service, "rabbitmq")}@127.0.0.1:{settings.RabbitMqPort.ToString(CultureInfo.InvariantCulture)}")),
            databases,
            broker);
    }

    /// <summary>The superuser's password of the local cluster: made on first use, then read, since the cluster keeps it.</summary>
    private static string StoredPassword(string path)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllText(path).Trim();
    }

    private sealed class PostgresAnswers(string connectionString, ParameterResource password) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString)
                {
                    Password = await password.GetValueAsync(cancellationToken),
                    Pooling = false,
                    Timeout = 3,
                };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer yet.", ex);
            }
        }
    }

    private sealed class RabbitMqAnswers(Uri amqp) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var factory = new ConnectionFactory { Uri = amqp, RequestedConnectionTimeout = TimeSpan.FromSeconds(3), ClientProvidedName = "apphost-health" };
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                await connection.CloseAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("RabbitMQ does not answer yet.", ex);
            }
        }
    }
}
