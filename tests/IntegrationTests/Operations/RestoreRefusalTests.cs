using JusticePlatform.TestSupport;
using Npgsql;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// scripts/restore.sh never overwrites data by mistake: a database that holds tables is refused
/// unless --force, and then nothing at all is changed. Runs on a database of its own, no platform.
/// </summary>
public sealed class RestoreRefusalTests : IAsyncLifetime
{
    private readonly string _prefix = $"t_restore_{Guid.NewGuid():N}"[..30] + "_";
    private string _admin = null!;
    private string _backup = null!;
    private bool _postgres;

    private string Database => _prefix + "ledger";

    public async Task InitializeAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        _postgres = infrastructure.Provider == "Postgres";
        _admin = infrastructure.AdminConnectionString;
        _backup = Directory.CreateTempSubdirectory("justice-restore-").FullName;
        if (_postgres)
        {
            await ExecuteAsync(_admin, $"CREATE DATABASE \"{Database}\"");
            await ExecuteAsync(DatabaseConnection(), "CREATE TABLE entries (id int PRIMARY KEY); INSERT INTO entries VALUES (1)");
        }
    }

    public async Task DisposeAsync()
    {
        if (_postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
        }

        Directory.Delete(_backup, recursive: true);
    }

    [Fact]
    public async Task A_database_holding_data_is_refused_without_force_and_replaced_with_it()
    {
        if (!_postgres)
        {
            return; // the scripts are for PostgreSQL, the production database
        }

        var data = Path.Combine(_backup, "data");
        var keys = Path.Combine(_backup, "keys");
        await BackupScripts.SucceedsAsync("backup.sh", _admin, Settings, data, keys);
        await ExecuteAsync(DatabaseConnection(), "INSERT INTO entries VALUES (2)");

        var (exitCode, output) = await BackupScripts.RunAsync("restore.sh", _admin, Settings, data, keys);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"database {Database} is not empty", output, StringComparison.Ordinal);
        Assert.Equal(2L, await CountAsync());

        await BackupScripts.SucceedsAsync("restore.sh", _admin, Settings, "--force", data, keys);

        Assert.Equal(1L, await CountAsync());
    }

    private Dictionary<string, string> Settings => new()
    {
        ["DATABASE_PREFIX"] = _prefix,
        ["BACKUP_SERVICES"] = "ledger",
        ["RUN_DIR"] = Path.Combine(_backup, "no-run-folder"),
    };

    private string DatabaseConnection() => new NpgsqlConnectionStringBuilder(_admin) { Database = Database, Pooling = false }.ConnectionString;

    private async Task<long> CountAsync()
    {
        await using var connection = new NpgsqlConnection(DatabaseConnection());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM entries", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
