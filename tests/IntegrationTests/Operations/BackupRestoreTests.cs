using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.IntegrationTests.Grievances;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// scripts/backup.sh and scripts/restore.sh, run with bash against the test's PostgreSQL: the
/// platform is backed up, its databases and key files wiped, restored, and started again on what
/// was restored. Every record reads back, and the outbox and the inboxes carry on where they were.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private static readonly string[] Services = ["identity", "beneficiaries", "activities", "grievances", "funding"];
    private const string MatchKeySecret = "test-match-key-secret-0123456789abcdef";

    private TcpProxy _broker = null!;
    private TestPlatform _platform = null!;
    private string _backup = null!;

    public async Task InitializeAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        // Beneficiaries reaches the broker through a proxy the test cuts, to hold an event in its outbox at backup time.
        _broker = TcpProxy.Start(infrastructure.Amqp.Host, infrastructure.Amqp.Port);
        _platform = await TestPlatform.StartAsync(nameof(BackupRestoreTests), new PlatformOptions
        {
            Grievances = true,
            Funding = true,
            BeneficiariesMessaging = resources => new UriBuilder(resources.RabbitConnectionString) { Port = _broker.Port }.Uri.ToString(),
        });
        _backup = Directory.CreateTempSubdirectory("justice-backup-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _broker.DisposeAsync();
        Directory.Delete(_backup, recursive: true);
    }

    [Fact]
    public async Task A_restored_backup_reads_back_every_record_and_publishes_each_event_once()
    {
        if (_platform.Resources.Infrastructure.Provider != "Postgres")
        {
            return; // the scripts are for PostgreSQL, the production database
        }

        await _platform.RegisterPartnersAsync("amss");
        var registered = new List<Guid>();
        using (var beneficiaries = await _platform.BeneficiariesClientAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                registered.Add(await beneficiaries.RegisterAsync());
            }
        }

        Guid caseId;
        using (var caseworker = await _platform.ClientAsync(_platform.Grievances!, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework))
        {
            caseId = (await caseworker.OpenCaseAsync(Casework.Case(name: "Awa Sauvegarde", phone: "76554433"))).Id();
        }

        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == registered.Count, TimeSpan.FromSeconds(30), "Activities to project the registrations");
        await Eventually.TrueAsync(() => _platform.BeneficiariesDb(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)), TimeSpan.FromSeconds(30),
            "Beneficiaries to publish every event");

        // Accepted while the broker is out of reach: at backup time its event is written, not yet published.
        _broker.Cut();
        Guid pending;
        using (var beneficiaries = await _platform.BeneficiariesClientAsync())
        {
            pending = await beneficiaries.RegisterAsync();
        }

        var sentBefore = await SentAtAsync();
        var pendingRow = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync(m => m.SentAt == null));
        var consumedRow = await _platform.BeneficiariesDb(db => db.OutboxMessages.FirstAsync(m => m.SentAt != null && m.MessageType == pendingRow.MessageType));
        var inboxBefore = await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync());

        var matchKeyFile = Path.Combine(_platform.Keys.Directory, "beneficiaries-match-key");
        await File.WriteAllTextAsync(matchKeyFile, MatchKeySecret);
        var keyFiles = new Dictionary<string, string>
        {
            ["IDENTITY_SIGNING_KEY_FILE"] = _platform.Keys.IdentitySigningKeyFile,
            ["GRIEVANCES_KEY_RING_FILE"] = _platform.Keys.GrievancesKeyRingFile,
            ["GRIEVANCES_LINK_KEY_FILE"] = _platform.Keys.GrievancesLinkKeyFile,
            ["MATCH_KEY_FILE"] = matchKeyFile,
        };
        var keyContents = keyFiles.Values.ToDictionary(path => path, File.ReadAllBytes);
        var data = Path.Combine(_backup, "data");
        var keys = Path.Combine(_backup, "keys");

        await RunAsync("backup.sh", keyFiles, data, keys);

        // The data and its keys are in different places: no key file among the dumps, no dump among the keys.
        Assert.Equal(Services.Select(s => s + ".dump").Concat(["SHA256SUMS", "manifest.txt"]).Order(),
            Directory.GetFileSystemEntries(data).Select(Path.GetFileName).Order());
        Assert.Equal(keyFiles.Values.Select(Path.GetFileName).Concat(["SHA256SUMS", "manifest.txt"]).Order(),
            Directory.GetFileSystemEntries(keys).Select(Path.GetFileName).Order());

        await _platform.RestartAllAsync(async () =>
        {
            await DropDatabasesAsync();
            foreach (var file in keyContents.Keys)
            {
                File.Delete(file);
            }

            await RunAsync("restore.sh", keyFiles, data, keys);
            foreach (var (file, content) in keyContents)
            {
                Assert.Equal(content, await File.ReadAllBytesAsync(file));
            }

            _broker.Restore();
        });

        // Every record reads back, the survivor's name decrypted with the restored key ring.
        using (var beneficiaries = await _platform.BeneficiariesClientAsync())
        {
            foreach (var id in registered.Append(pending))
            {
                var person = await beneficiaries.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{id}");
                Assert.Equal("Aminata", person.GetProperty("givenName").GetString());
            }
        }

        using (var caseworker = await _platform.ClientAsync(_platform.Grievances!, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework))
        {
            var details = await caseworker.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/details");
            Assert.Equal("Awa Sauvegarde", details.GetProperty("survivor").GetProperty("name").GetString());
            Assert.Equal("76554433", details.GetProperty("survivor").GetProperty("phone").GetString());
        }

        // Nothing lost: the event written before the backup and not yet published goes out now, and is applied.
        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == registered.Count + 1, TimeSpan.FromSeconds(60),
            "the event held in the outbox at backup time to reach Activities");
        Assert.NotNull(await _platform.BeneficiariesDb(db => db.OutboxMessages.Where(m => m.Id == pendingRow.Id).Select(m => m.SentAt).SingleAsync()));

        // Nothing published twice: what was published before the backup keeps the time it was sent.
        Assert.Equal(sentBefore, (await SentAtAsync()).Where(row => sentBefore.ContainsKey(row.Key)).ToDictionary());

        // An event applied before the backup, delivered again, is recognised by the restored inbox.
        using var activities = new MessagingCounters(_platform.Activities!.Services);
        var body = JsonSerializer.Deserialize<BeneficiaryRegistered>(consumedRow.Body, JsonSerializerOptions.Web)!;
        await _platform.Beneficiaries.Services.GetRequiredService<IBus>().Publish(body, context => context.MessageId = consumedRow.Id);
        await Eventually.TrueAsync(() => Task.FromResult(activities.Skipped >= 1), TimeSpan.FromSeconds(30), "Activities to skip the redelivered event");
        Assert.Equal(0, activities.Applied);
        Assert.Equal(registered.Count + 1, await _platform.ProjectedCountAsync());
        Assert.Equal(inboxBefore + 1, await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync()));
    }

    /// <summary>Each outbox row's sending time, in every service that publishes here.</summary>
    private async Task<Dictionary<string, DateTimeOffset?>> SentAtAsync()
    {
        var rows = new Dictionary<string, DateTimeOffset?>();
        foreach (var (service, sent) in new[]
                 {
                     ("identity", await _platform.Db<JusticePlatform.Identity.Data.IdentityDbContext, List<(Guid, DateTimeOffset?)>>(_platform.Identity, SentAsync)),
                     ("beneficiaries", await _platform.BeneficiariesDb(SentAsync)),
                     ("grievances", await _platform.GrievancesDb(SentAsync)),
                 })
        {
            foreach (var (id, sentAt) in sent)
            {
                rows[$"{service}/{id}"] = sentAt;
            }
        }

        return rows;

        static async Task<List<(Guid, DateTimeOffset?)>> SentAsync(JusticePlatform.BuildingBlocks.Persistence.ServiceDbContext db) =>
            (await db.OutboxMessages.Where(m => m.SentAt != null).Select(m => new { m.Id, m.SentAt }).ToListAsync()).Select(m => (m.Id, m.SentAt)).ToList();
    }

    private async Task DropDatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(_platform.Resources.Infrastructure.AdminConnectionString);
        await connection.OpenAsync();
        foreach (var service in Services)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{_platform.Resources.Name}_{service}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Runs the script on this test's databases and key files; there is no run folder, so only the named key files count.</summary>
    private Task RunAsync(string script, IReadOnlyDictionary<string, string> keyFiles, string data, string keys)
    {
        var settings = new Dictionary<string, string>(keyFiles)
        {
            ["DATABASE_PREFIX"] = _platform.Resources.Name + "_",
            ["BACKUP_SERVICES"] = string.Join(' ', Services),
            ["RUN_DIR"] = Path.Combine(_backup, "no-run-folder"),
        };
        return BackupScripts.SucceedsAsync(script, _platform.Resources.Infrastructure.AdminConnectionString, settings, data, keys);
    }
}
