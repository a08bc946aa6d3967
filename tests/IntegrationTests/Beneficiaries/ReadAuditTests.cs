using System.Net;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>
/// The audit entries of reads are committed together (group commit); each read still answers only
/// once its own entry has committed, and fails when it cannot be.
/// </summary>
public sealed class ReadAuditTests(ReadAuditTests.Platform platform) : IClassFixture<ReadAuditTests.Platform>
{
    private const int Reads = 40;
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task Concurrent_reads_each_leave_exactly_one_audit_entry_committed_before_their_answer()
    {
        using var partner = await _platform.ClientAsync(_platform.Beneficiaries, "read-audit", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        var id = await partner.CreateBeneficiaryAsync(Samples.Person("Oumou", "Sangaré"));

        var answers = await Task.WhenAll(Enumerable.Range(0, Reads).Select(async _ =>
        {
            var correlationId = Guid.NewGuid().ToString();
            var status = await ReadAsync(partner, id, correlationId);
            // Read right after the answer arrived: the entry must already be committed.
            var entries = await EntriesAsync(correlationId);
            return (status, correlationId, entries);
        }));

        foreach (var (status, correlationId, entries) in answers)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            var entry = Assert.Single(entries);
            Assert.Equal(("read-audit", "beneficiary", id.ToString(), "read", "succeeded", 200, correlationId),
                (entry.PartnerId, entry.Resource, entry.ResourceId, entry.Action, entry.Outcome, entry.StatusCode, entry.CorrelationId));
            Assert.StartsWith("read-audit", entry.ClientId);
        }

        Assert.Equal(Reads, await _platform.BeneficiariesDb(db => db.AuditEntries.CountAsync(e => e.PartnerId == "read-audit" && e.Action == "read")));
        if (await IsPostgresAsync())
        {
            // Rows inserted by one transaction share its xmin: reads running together commit together.
            var correlationIds = answers.Select(a => a.correlationId).ToArray();
            var transactions = await _platform.BeneficiariesDb(db => db.Database
                .SqlQueryRaw<long>("""SELECT count(DISTINCT xmin::text)::bigint AS "Value" FROM audit_entries WHERE "CorrelationId" = ANY({0})""", [(object)correlationIds])
                .SingleAsync());
            Assert.InRange(transactions, 1, Reads - 1);
        }
    }

    [Fact]
    public async Task A_read_whose_audit_entry_the_database_refuses_fails_while_the_reads_beside_it_answer()
    {
        using var partner = await _platform.ClientAsync(_platform.Beneficiaries, "refused-audit", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        var refused = await partner.CreateBeneficiaryAsync(Samples.Person("Kadiatou", "Diarra"));
        var other = await partner.CreateBeneficiaryAsync(Samples.Person("Mariam", "Coulibaly", birthDate: "1988-07-01"));

        // A real refusal by the database: a trigger that rejects the audit entries of one record.
        await RefuseAuditEntriesOfAsync(refused);
        try
        {
            var refusedRead = ReadAsync(partner, refused, Guid.NewGuid().ToString());
            var otherReads = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString())
                .Select(async correlationId => (Status: await ReadAsync(partner, other, correlationId), Entries: await EntriesAsync(correlationId)))
                .ToList();

            Assert.Equal(HttpStatusCode.InternalServerError, await refusedRead);
            foreach (var read in await Task.WhenAll(otherReads))
            {
                Assert.Equal(HttpStatusCode.OK, read.Status);
                Assert.Single(read.Entries);
            }
        }
        finally
        {
            await AcceptAuditEntriesAgainAsync();
        }

        Assert.Empty(await _platform.BeneficiariesDb(db => db.AuditEntries.Where(e => e.ResourceId == refused.ToString() && e.Action == "read").ToListAsync()));
        // Accepted again, the same read answers and is audited.
        var correlation = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(partner, refused, correlation));
        Assert.Single(await EntriesAsync(correlation));
    }

    private static async Task<HttpStatusCode> ReadAsync(HttpClient client, Guid id, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/beneficiaries/{id}");
        request.Headers.Add("X-Correlation-Id", correlationId);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private Task<List<AuditEntry>> EntriesAsync(string correlationId) =>
        _platform.BeneficiariesDb(db => db.AuditEntries.AsNoTracking().Where(e => e.CorrelationId == correlationId).ToListAsync());

    private Task<bool> IsPostgresAsync() =>
        _platform.BeneficiariesDb(db => Task.FromResult(db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL"));

    private async Task RefuseAuditEntriesOfAsync(Guid id)
    {
        // A Guid's text is only hex digits and dashes: nothing to escape.
        var sql = (await IsPostgresAsync()
            ? """
              CREATE FUNCTION refuse_audit_entry() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                  IF NEW."ResourceId" = 'REFUSED_ID' THEN RAISE EXCEPTION 'audit entry refused'; END IF;
                  RETURN NEW;
              END $$;
              CREATE TRIGGER refuse_audit_entry BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_audit_entry();
              """
            : """
              CREATE TRIGGER refuse_audit_entry ON audit_entries AFTER INSERT AS
              IF EXISTS (SELECT 1 FROM inserted WHERE ResourceId = 'REFUSED_ID') THROW 50000, 'audit entry refused', 1;
              """).Replace("REFUSED_ID", id.ToString());
        await _platform.BeneficiariesDb(db => db.Database.ExecuteSqlRawAsync(sql));
    }

    private async Task AcceptAuditEntriesAgainAsync()
    {
        var postgres = await IsPostgresAsync();
        await _platform.BeneficiariesDb(db => db.Database.ExecuteSqlRawAsync(postgres
            ? "DROP TRIGGER refuse_audit_entry ON audit_entries; DROP FUNCTION refuse_audit_entry();"
            : "DROP TRIGGER refuse_audit_entry;"));
    }
}
