using System.Diagnostics;
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
    private readonly List<string> _roles = [];
    private readonly List<string> _brokerUsers = [];
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

    /// <summary>
    /// A service's own accounts, made the way production makes them (scripts/provision-servers.sh, on
    /// PostgreSQL): a database of this test's own (apart from <see cref="DatabaseConnectionString"/>'s) owned by
    /// its owner role, its runtime role with only DML rights, and its own broker user in this test's virtual host.
    /// </summary>
    public async Task<ServiceAccounts> ServiceAccountsAsync(string service)
    {
        if (Infrastructure.Provider != "Postgres")
        {
            throw new InvalidOperationException("Per-service roles are made on PostgreSQL only.");
        }

        var prefix = $"{Name}_";
        var databasePrefix = $"{Name}_own_";
        var secrets = Directory.CreateTempSubdirectory("justice-accounts-");
        try
        {
            var admin = new NpgsqlConnectionStringBuilder(Infrastructure.AdminConnectionString);
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "provision-servers.sh"));
            start.Environment["PGHOST"] = admin.Host;
            start.Environment["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = admin.Username;
            start.Environment["PGPASSWORD"] = admin.Password;
            start.Environment["RABBITMQ_MANAGEMENT"] = Infrastructure.Management.ToString();
            start.Environment["RABBITMQ_VHOST"] = VirtualHost;
            start.Environment["SECRETS_DIR"] = secrets.FullName;
            start.Environment["JUSTICE_ROLE_PREFIX"] = prefix;
            start.Environment["JUSTICE_DATABASE_PREFIX"] = databasePrefix;
            start.Environment["JUSTICE_SERVICES"] = service;
            _databases.Add($"{databasePrefix}{service}");
            _roles.AddRange([$"{prefix}{service}_owner", $"{prefix}{service}_app"]);
            _brokerUsers.Add($"{prefix}{service}");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"provision-servers.sh failed ({process.ExitCode}): {await output} {await errors}");
            }

            string Password(string name) => File.ReadAllText(Path.Combine(secrets.FullName, $"{service}-{name}-password")).Trim();
            string Database(string role, string password) => new NpgsqlConnectionStringBuilder(Infrastructure.AdminConnectionString)
            {
                Database = $"{databasePrefix}{service}",
                Username = role,
                Password = password,
                Pooling = true,
                MaxPoolSize = MaxPoolSize,
            }.ConnectionString;

            var broker = new UriBuilder(Infrastructure.Amqp)
            {
                UserName = Uri.EscapeDataString($"{prefix}{service}"),
                Password = Password("rabbitmq"),
                Path = "/" + Uri.EscapeDataString(VirtualHost),
            };
            return new ServiceAccounts(
                Database($"{prefix}{service}_owner", Password("owner")),
                Database($"{prefix}{service}_app", Password("app")),
                broker.Uri.ToString());
        }
        finally
        {
            secrets.Delete(recursive: true);
        }
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

        foreach (var role in _roles)
        {
            try
            {
                await using var connection = new NpgsqlConnection(Infrastructure.AdminConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{role}\"", connection);
                await command.ExecuteNonQueryAsync();
            }
            catch
            {
                // A leftover test role is untidy, not a failure.
            }
        }

        foreach (var user in _brokerUsers)
        {
            await _rabbit.DeleteUserAsync(user);
        }

        await _rabbit.DeleteVirtualHostAsync();
        _rabbit.Dispose();
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "JusticePlatform.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }

        return root.FullName;
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

/// <summary>A service's own accounts: the owner role (migrations), the runtime role (DML only) and its broker user.</summary>
public sealed record ServiceAccounts(string OwnerConnectionString, string RuntimeConnectionString, string BrokerConnectionString);

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
