using Testcontainers.MsSql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace JusticePlatform.TestSupport;

/// <summary>
/// Where the tests find their database server and broker. Local servers named by environment
/// variables come first (machines without a container engine); otherwise Testcontainers starts
/// them, once per test run. Each test class then takes its own databases and its own RabbitMQ
/// virtual host on them (see <see cref="TestResources"/>).
/// </summary>
public sealed class TestInfrastructure
{
    public const string PostgresVariable = "TEST_POSTGRES";
    public const string SqlServerVariable = "TEST_SQLSERVER";
    public const string ProviderVariable = "TEST_DATABASE_PROVIDER";
    public const string RabbitMqVariable = "TEST_RABBITMQ";
    public const string RabbitMqManagementVariable = "TEST_RABBITMQ_MANAGEMENT";
    public const string RedisVariable = "TEST_REDIS";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestInfrastructure? _instance;
    private static string? _redis;

    /// <summary>
    /// A Redis (StackExchange.Redis configuration, "host:port") for the tests that need one (the
    /// gateway's shared rate limits): <see cref="RedisVariable"/>, or a container started once.
    /// Each test class keeps to a key prefix of its own.
    /// </summary>
    public static async Task<string> RedisAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_redis is null)
            {
                if (Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } local)
                {
                    _redis = local;
                }
                else
                {
                    try
                    {
                        var container = new RedisBuilder("redis:7").Build();
                        await container.StartAsync();
                        _redis = container.GetConnectionString();
                    }
                    catch (Exception ex)
                    {
                        throw new InvalidOperationException(
                            $"This test needs Redis: set {RedisVariable} (host:port; scripts/test.sh starts one and sets it) or run where Docker answers. Docker said: {ex.Message}", ex);
                    }
                }
            }

            return _redis;
        }
        finally
        {
            Gate.Release();
        }
    }

    private TestInfrastructure(string provider, string adminConnectionString, Uri amqp, Uri management)
    {
        Provider = provider;
        AdminConnectionString = adminConnectionString;
        Amqp = amqp;
        Management = management;
    }

    /// <summary>"Postgres" or "SqlServer": the same tests run on either.</summary>
    public string Provider { get; }

    /// <summary>A connection string with rights to create and drop databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>amqp://user:password@host:port (no virtual host).</summary>
    public Uri Amqp { get; }

    /// <summary>http://user:password@host:port of the RabbitMQ management API.</summary>
    public Uri Management { get; }

    public static async Task<TestInfrastructure> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _instance ??= await CreateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestInfrastructure> CreateAsync()
    {
        var provider = Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } p ? p : "Postgres";
        var databaseVariable = provider.Equals("SqlServer", StringComparison.OrdinalIgnoreCase) ? SqlServerVariable : PostgresVariable;
        var database = Environment.GetEnvironmentVariable(databaseVariable);
        var amqp = Environment.GetEnvironmentVariable(RabbitMqVariable);
        var management = Environment.GetEnvironmentVariable(RabbitMqManagementVariable);

        if (!string.IsNullOrEmpty(database) && !string.IsNullOrEmpty(amqp) && !string.IsNullOrEmpty(management))
        {
            return new TestInfrastructure(provider, database, new Uri(amqp), new Uri(management));
        }

        try
        {
            return await StartContainersAsync(provider);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "The integration tests need a database server and a RabbitMQ broker, and found neither way to reach them. " +
                $"Either set {databaseVariable} (an admin connection string), {RabbitMqVariable} (amqp://user:password@host:port) and " +
                $"{RabbitMqManagementVariable} (http://user:password@host:15672) to local servers — scripts/test.sh starts them and sets these — " +
                $"or run where Docker answers so that Testcontainers can start them. Docker said: {ex.Message}", ex);
        }
    }

    private static async Task<TestInfrastructure> StartContainersAsync(string provider)
    {
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management")
            .WithPortBinding(15672, true)
            .WithUsername("guest").WithPassword("guest")
            .Build();
        await rabbit.StartAsync();
        var amqp = new Uri($"amqp://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(5672)}");
        var management = new Uri($"http://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}");

        if (provider.Equals("SqlServer", StringComparison.OrdinalIgnoreCase))
        {
            var sql = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
            await sql.StartAsync();
            return new TestInfrastructure("SqlServer", sql.GetConnectionString(), amqp, management);
        }

        var postgres = new PostgreSqlBuilder("postgres:15").Build();
        await postgres.StartAsync();
        return new TestInfrastructure("Postgres", postgres.GetConnectionString(), amqp, management);
    }
}
