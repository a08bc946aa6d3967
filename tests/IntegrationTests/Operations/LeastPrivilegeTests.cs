using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Funding.Data;
using JusticePlatform.Grievances.Data;
using JusticePlatform.TestSupport;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// Each service its own accounts, made as production makes them (scripts/provision-servers.sh): a
/// database its owner role alone migrates, a runtime role with only DML rights on it and no access to
/// any other service's database, and a broker user limited to its own queues and the event exchanges.
/// </summary>
public sealed class LeastPrivilegeTests(LeastPrivilegeTests.Platform platform) : IClassFixture<LeastPrivilegeTests.Platform>
{
    private const string InsufficientPrivilege = "42501";
    private readonly TestPlatform _platform = platform.Platform;
    private readonly Platform _fixture = platform;

    public sealed class Platform : PlatformFixture
    {
        private Task<Dictionary<string, ServiceAccounts>>? _accounts;

        protected override PlatformOptions Options => new() { Activities = false };

        /// <summary>Beneficiaries', Activities' and Grievances' accounts, their databases migrated by their owner roles (once for the class).</summary>
        public Task<Dictionary<string, ServiceAccounts>> AccountsAsync() => _accounts ??= MigratedAccountsAsync();

        private async Task<Dictionary<string, ServiceAccounts>> MigratedAccountsAsync()
        {
            var accounts = new Dictionary<string, ServiceAccounts>();
            foreach (var service in new[] { "beneficiaries", "activities", "grievances" })
            {
                accounts[service] = await Platform.Resources.ServiceAccountsAsync(service);
            }

            // The migration step: the owner role, before the service runs with its runtime role.
            await using (var beneficiaries = new ServiceHost<BeneficiariesDbContext>(Settings(Platform, "beneficiaries", accounts["beneficiaries"], owner: true)))
            {
                await Ready.WaitAsync(beneficiaries.CreateClient());
            }

            await using (var activities = new ServiceHost<ActivitiesDbContext>(Settings(Platform, "activities", accounts["activities"], owner: true)))
            {
                await Ready.WaitAsync(activities.CreateClient());
            }

            var grievancesSettings = Platform.GrievancesSettings();
            grievancesSettings["ConnectionStrings:grievancesdb"] = accounts["grievances"].OwnerConnectionString;
            grievancesSettings["ConnectionStrings:messaging"] = accounts["grievances"].BrokerConnectionString;
            await using (var grievances = new ServiceHost<GrievancesDbContext>(grievancesSettings))
            {
                await Ready.WaitAsync(grievances.CreateClient());
            }

            return accounts;
        }
    }

    [Fact]
    public async Task A_service_s_roles_cannot_connect_to_another_service_s_database()
    {
        var accounts = await _fixture.AccountsAsync();
        var grievancesDatabase = new NpgsqlConnectionStringBuilder(accounts["grievances"].OwnerConnectionString).Database!;

        foreach (var role in new[] { accounts["beneficiaries"].RuntimeConnectionString, accounts["beneficiaries"].OwnerConnectionString })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(role, grievancesDatabase));
            Assert.Equal(InsufficientPrivilege, refused.SqlState);
        }
    }

    [Fact]
    public async Task A_service_s_runtime_role_cannot_read_another_service_s_tables_even_when_let_connect()
    {
        var accounts = await _fixture.AccountsAsync();
        var beneficiariesRole = new NpgsqlConnectionStringBuilder(accounts["beneficiaries"].RuntimeConnectionString).Username;
        var grievancesDatabase = new NpgsqlConnectionStringBuilder(accounts["grievances"].OwnerConnectionString).Database!;
        // A mistaken grant of CONNECT: the tables stay the Grievances roles' alone.
        await ExecuteAsync(AdminOn(grievancesDatabase), $"GRANT CONNECT ON DATABASE \"{grievancesDatabase}\" TO \"{beneficiariesRole}\"");
        try
        {
            await using var connection = await OpenAsync(accounts["beneficiaries"].RuntimeConnectionString, grievancesDatabase);
            await using var read = new NpgsqlCommand("SELECT COUNT(*) FROM public.cases", connection);

            var refused = await Assert.ThrowsAsync<PostgresException>(() => read.ExecuteScalarAsync());
            Assert.Equal(InsufficientPrivilege, refused.SqlState);
        }
        finally
        {
            await ExecuteAsync(AdminOn(grievancesDatabase), $"REVOKE CONNECT ON DATABASE \"{grievancesDatabase}\" FROM \"{beneficiariesRole}\"");
        }
    }

    [Fact]
    public async Task A_service_s_runtime_role_cannot_change_its_own_database_s_schema()
    {
        var accounts = await _fixture.AccountsAsync();
        await using var connection = await OpenAsync(accounts["beneficiaries"].RuntimeConnectionString);

        foreach (var change in new[] { "CREATE TABLE smuggled (id int)", "DROP TABLE outbox_messages", "ALTER TABLE outbox_messages ADD COLUMN smuggled int" })
        {
            await using var command = new NpgsqlCommand(change, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(InsufficientPrivilege, refused.SqlState);
        }
    }

    [Fact]
    public async Task Services_on_their_own_runtime_roles_and_broker_users_register_publish_and_consume()
    {
        var accounts = await _fixture.AccountsAsync();
        await using var activities = new ServiceHost<ActivitiesDbContext>(Settings(_platform, "activities", accounts["activities"], owner: false));
        await Ready.WaitAsync(activities.CreateClient());
        await using var beneficiaries = new ServiceHost<BeneficiariesDbContext>(Settings(_platform, "beneficiaries", accounts["beneficiaries"], owner: false));
        await Ready.WaitAsync(beneficiaries.CreateClient());

        using var amss = await _platform.ClientAsync(beneficiaries, "amss-least-privilege", Scopes.BeneficiariesWrite);
        await amss.CreateBeneficiaryAsync(Samples.Person("Aminata", "Traoré"));

        // Activities' consumer, on its runtime role, wrote the beneficiary Beneficiaries' outbox published.
        await Eventually.ReturnsAsync(
            () => CountAsync(accounts["activities"].OwnerConnectionString, "known_beneficiaries"),
            n => n == 1, TimeSpan.FromSeconds(60), "the registration to reach Activities");
    }

    [Fact]
    public async Task A_service_on_a_runtime_role_refuses_to_start_while_its_database_lacks_migrations()
    {
        var accounts = await _platform.Resources.ServiceAccountsAsync("funding");
        var settings = Settings(_platform, "funding", accounts, owner: false);

        var reason = await StartRefusal.ReasonAsync<FundingDbContext>(settings);

        Assert.Contains("lacks", reason);
        Assert.Contains("--migrate-only", reason);
    }

    [Fact]
    public async Task A_service_s_broker_user_cannot_take_messages_from_another_service_s_queue()
    {
        var accounts = await _fixture.AccountsAsync();
        var factory = new ConnectionFactory { Uri = new Uri(accounts["beneficiaries"].BrokerConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.BasicGetAsync("activities-beneficiary-registered", autoAck: false));
        Assert.Equal((ushort)403, refused.ShutdownReason!.ReplyCode);
    }

    /// <summary>A service on its owner role (the migration step, migrating at start) or its runtime role (no migration), with its broker user.</summary>
    private static Dictionary<string, string?> Settings(TestPlatform platform, string service, ServiceAccounts accounts, bool owner)
    {
        var settings = platform.Resources.ServiceSettings(service, accounts.BrokerConnectionString);
        settings[$"ConnectionStrings:{service}db"] = owner ? accounts.OwnerConnectionString : accounts.RuntimeConnectionString;
        settings["Database:MigrateAtStart"] = owner ? "true" : "false";
        settings["Identity:Authority"] = platform.Identity.Address.ToString();
        settings["Identity:RequireHttpsMetadata"] = "false";
        return settings;
    }

    private string AdminOn(string database) =>
        new NpgsqlConnectionStringBuilder(_platform.Resources.Infrastructure.AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (database is not null)
        {
            builder.Database = database;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
