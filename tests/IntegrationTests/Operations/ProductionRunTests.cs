using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// What running in production asks of every service: migrations on their own (the deployment's
/// migration job), nothing sent outside the platform, and logs an ops team can act on.
/// </summary>
public sealed class ProductionRunTests(ProductionRunTests.Platform platform) : IClassFixture<ProductionRunTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;
    private readonly LogCapture _logs = platform.Logs;

    public sealed class Platform : PlatformFixture
    {
        public LogCapture Logs { get; } = new();

        protected override PlatformOptions Options => new()
        {
            BeneficiariesServices = Logs.AddTo,
            BeneficiariesSettings = new() { ["Identity:RevocationRefresh"] = "00:00:00.200" },
        };
    }

    [Fact]
    public async Task The_migrate_only_switch_applies_the_migrations_and_exits_without_serving()
    {
        var database = _platform.Resources.DatabaseConnectionString("funding");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuiltAssembly.Of("services/Funding", "Funding"));
        start.ArgumentList.Add("--migrate-only");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__fundingdb"] = database;
        start.Environment["ConnectionStrings__messaging"] = _platform.Resources.RabbitConnectionString;
        start.Environment["Database__Provider"] = _platform.Resources.Infrastructure.Provider;
        start.Environment["Identity__Authority"] = _platform.Identity.Address.ToString();
        start.Environment["Identity__RequireHttpsMetadata"] = "false";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The service was still running after three minutes: {await output}");
        }

        Assert.True(process.ExitCode == 0, $"Exit code {process.ExitCode}: {await output} {await errors}");
        Assert.DoesNotContain("Now listening on", await output);
        Assert.True(await AppliedMigrationsAsync(database) > 0, "No migration was recorded as applied.");
    }

    [Fact]
    public void MassTransit_usage_telemetry_is_off_in_every_service()
    {
        foreach (var service in new IServiceHost[] { _platform.Identity, _platform.Beneficiaries, _platform.Activities! })
        {
            Assert.False(service.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        }
    }

    [Fact]
    public async Task Every_connection_the_services_hold_goes_to_the_platform_s_own_servers()
    {
        // A registration: a request, a token, the outbox and a consumer all at work.
        using var amss = await _platform.ClientAsync(_platform.Beneficiaries, "amss", Scopes.BeneficiariesWrite);
        await amss.CreateBeneficiaryAsync(Samples.Person("Aminata", "Traoré"));

        var allowed = await PlatformAddressesAsync();
        var outside = OpenConnectionsOfThisProcess().Where(remote => !IPAddress.IsLoopback(remote.Address) && !allowed.Contains(remote.Address)).ToList();

        Assert.True(outside.Count == 0, "Connections outside the platform: " + string.Join(", ", outside));
    }

    [Fact]
    public async Task Routine_reads_of_the_token_revocations_log_nothing_above_debug()
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(_logs.Lines.Count(l => l.Category == typeof(RevokedClients).FullName && l.Message.StartsWith("Read ", StringComparison.Ordinal)) >= 3),
            TimeSpan.FromSeconds(30), "three reads of the token revocations");

        // An outage (a read timing out on a loaded machine) is one warning and one line when it ends: not routine.
        var outage = new[] { "could not be read", "read from the identity service again" };
        var noisy = _logs.Lines
            .Where(l => l.Level >= LogLevel.Information)
            .Where(l => l.Category == typeof(RevokedClients).FullName || l.Category.Contains(RevokedClients.HttpClientName, StringComparison.Ordinal))
            .Where(l => !outage.Any(o => l.Message.Contains(o, StringComparison.Ordinal)))
            .Select(l => $"{l.Category}: {l.Message}")
            .ToList();
        Assert.True(noisy.Count == 0, string.Join(Environment.NewLine, noisy));
    }

    [Fact]
    public async Task A_database_server_that_is_still_starting_is_one_warning_and_no_error()
    {
        // An existing database, as at any start but the first (EF Core logs a missing one as an error before creating it).
        var database = new NpgsqlConnectionStringBuilder(_platform.Resources.DatabaseConnectionString("fundingwait"));
        await using (var admin = new NpgsqlConnection(_platform.Resources.Infrastructure.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var target = new NpgsqlConnectionStringBuilder(_platform.Resources.Infrastructure.AdminConnectionString);
        await using var proxy = TcpProxy.Start(target.Host!, target.Port);
        proxy.Cut();
        var logs = new LogCapture();
        var settings = _platform.Resources.ServiceSettings("funding");
        settings["ConnectionStrings:fundingdb"] = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
        }.ConnectionString;
        settings["Identity:Authority"] = _platform.Identity.Address.ToString();
        settings["Identity:RequireHttpsMetadata"] = "false";
        await using var funding = new ServiceHost<JusticePlatform.Funding.Data.FundingDbContext>(settings, logs.AddTo);

        var starting = Task.Run(funding.StartServer);
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("does not answer yet", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the warning that the database server does not answer");
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Lines.Count(l => l.Message.Contains("does not answer yet", StringComparison.Ordinal)) >= 2),
            TimeSpan.FromSeconds(30), "a second attempt");
        proxy.Restore();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));
        await Ready.WaitAsync(funding.CreateClient());

        var startUp = logs.Lines.Where(l => l.Level >= LogLevel.Warning && l.Category.Contains("Migrat", StringComparison.Ordinal)).ToList();
        Assert.Single(startUp, l => l.Level == LogLevel.Warning);
        // EF Core logs a failed connection as an error: the wait must not go through it. (A first
        // migration's probe of the missing history table is EF Core's own error, not the wait's.)
        var errors = logs.Lines
            .Where(l => l.Level >= LogLevel.Error)
            .Where(l => l.Category is "Microsoft.EntityFrameworkCore.Database.Connection" || l.Category.Contains("DatabaseMigrator", StringComparison.Ordinal))
            .Select(l => $"{l.Category}: {l.Message}")
            .ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private async Task<long> AppliedMigrationsAsync(string connectionString)
    {
        await using DbConnection connection = _platform.Resources.Infrastructure.Provider == "SqlServer"
            ? new SqlConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The database and broker servers' addresses: loopback here, a container's address where Testcontainers runs them.</summary>
    private async Task<HashSet<IPAddress>> PlatformAddressesAsync()
    {
        var infrastructure = _platform.Resources.Infrastructure;
        var hosts = new List<string> { infrastructure.Amqp.Host, infrastructure.Management.Host };
        hosts.Add(infrastructure.Provider == "SqlServer"
            ? new SqlConnectionStringBuilder(infrastructure.AdminConnectionString).DataSource.Split(',')[0]
            : new NpgsqlConnectionStringBuilder(infrastructure.AdminConnectionString).Host!);
        var addresses = new HashSet<IPAddress>();
        foreach (var host in hosts)
        {
            addresses.UnionWith(await Dns.GetHostAddressesAsync(host));
        }

        return addresses;
    }

    /// <summary>
    /// The remote ends of this process's TCP connections (the services run in it): the sockets among
    /// its file descriptors, looked up in the kernel's connection tables.
    /// </summary>
    private static List<IPEndPoint> OpenConnectionsOfThisProcess()
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    sockets.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // Closed while being read.
            }
        }

        var remotes = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/self/net/tcp", "/proc/self/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // State 01 is ESTABLISHED, 02 SYN_SENT; the inode is the tenth field.
                if (fields.Length > 9 && fields[3] is "01" or "02" && sockets.Contains(fields[9]))
                {
                    remotes.Add(ParseEndPoint(fields[2]));
                }
            }
        }

        return remotes;
    }

    private static IPEndPoint ParseEndPoint(string hex)
    {
        var (address, port) = (hex[..hex.IndexOf(':')], int.Parse(hex[(hex.IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        // The kernel writes each 32-bit word of the address in the machine's (little-endian) order.
        var bytes = new byte[address.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            for (var i = 0; i < 4; i++)
            {
                bytes[word * 4 + i] = byte.Parse(address.AsSpan(word * 8 + (3 - i) * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        var ip = new IPAddress(bytes);
        return new IPEndPoint(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, port);
    }
}
