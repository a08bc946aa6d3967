using Microsoft.Data.SqlClient;
using Npgsql;

namespace JusticePlatform.TestSupport;

/// <summary>
/// One test class's own databases and its own RabbitMQ virtual host (so its own queues and
/// exchanges): classes run in parallel and never see each other's data or messages.
/// Everything is dropped on dispose.
/// </summary>
public sealed class TestResources : IAsyncDisposable
{
    private readonly List<string> _databases = [];
    private readonly RabbitManagement _rabbit;

    private TestResources(TestInfrastructure infrastructure, string name)
    {
        Infrastructure = infrastructure;
        Name = name;
        VirtualHost = name;
        _rabbit = new RabbitManagement(infrastructure.Management, VirtualHost);
    }

    public TestInfrastructure Infrastructure { get; }
    public string Name { get; }
    public string VirtualHost { get; }
    public RabbitManagement Rabbit => _rabbit;

    public string RabbitConnectionString => new UriBuilder(Infrastructure.Amqp) { Path = "/" + VirtualHost }.Uri.ToString();

    public static async Task<TestResources> CreateAsync(string testClass)
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        var name = $"t_{testClass.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        var resources = new TestResources(infrastructure, name);
        await resources._rabbit.CreateVirtualHostAsync();
        return resources;
    }

    /// <summary>A connection string to a database of this test's own; the service migrates (and so creates) it at start-up.</summary>
    // Many services run in one test process, and several test classes at once: keep well below the server's connection limit.
    private const int MaxPoolSize = 10;

    public string DatabaseConnectionString(string service)
    {
        var database = $"{Name}_{service}";
        _databases.Add(database);
        return Infrastructure.Provider == "SqlServer"
            ? new SqlConnectionStringBuilder(Infrastructure.AdminConnectionString) { InitialCatalog = database, TrustServerCertificate = true, MaxPoolSize = MaxPoolSize }.ConnectionString
            : new NpgsqlConnectionStringBuilder(Infrastructure.AdminConnectionString) { Database = database, Pooling = true, MaxPoolSize = MaxPoolSize }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        SqlConnection.ClearAllPools();
        foreach (var database in _databases.Distinct())
        {
            try
            {
                await DropDatabaseAsync(database);
            }
            catch
            {
                // A leftover test database is untidy, not a failure.
            }
        }

        await _rabbit.DeleteVirtualHostAsync();
        _rabbit.Dispose();
    }

    private async Task DropDatabaseAsync(string database)
    {
        if (Infrastructure.Provider == "SqlServer")
        {
            await using var connection = new SqlConnection(Infrastructure.AdminConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"IF DB_ID('{database}') IS NOT NULL BEGIN ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; END";
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new NpgsqlConnection(Infrastructure.AdminConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}

public static class TestResourcesSettings
{
    /// <summary>
    /// The settings a service needs to run in a test: its own database, this test's virtual
    /// host, the configured provider, and short waits so that tests do not idle.
    /// </summary>
    public static Dictionary<string, string?> ServiceSettings(this TestResources resources, string service, string? messagingConnection = null) => new()
    {
        [$"ConnectionStrings:{service}db"] = resources.DatabaseConnectionString(service),
        ["ConnectionStrings:messaging"] = messagingConnection ?? resources.RabbitConnectionString,
        ["Database:Provider"] = resources.Infrastructure.Provider,
        ["Messaging:OutboxPollInterval"] = "00:00:00.500",
        ["Messaging:MinBackoff"] = "00:00:00.200",
        ["Messaging:MaxBackoff"] = "00:00:01",
        ["Messaging:PublishTimeout"] = "00:00:03",
        ["Messaging:RetryLimit"] = "2",
        ["Messaging:RetryMinInterval"] = "00:00:00.050",
        ["Messaging:RetryMaxInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Beneficiaries:MatchKeySecret"] = "test-match-key-secret-0123456789abcdef",
    };
}
