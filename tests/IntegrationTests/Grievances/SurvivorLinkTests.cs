using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// A case's link to a registered person, through the gateway: only to a beneficiary the partner may
/// see, never stored in clear, and undone (with everything that came from the person) by an erasure.
/// </summary>
public sealed class SurvivorLinkTests(GrievancesPlatform fixture) : IClassFixture<GrievancesPlatform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_linked_case_keeps_the_beneficiary_id_nowhere_in_clear_in_the_grievances_database()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var beneficiaryId = await RegisterKnownAsync("amss");

        var opened = await Casework.SucceededAsync(await amss.PostAsJsonAsync(Casework.Cases, Linked(beneficiaryId)), "opening a linked case");
        var details = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{opened.Id()}/details");
        var everything = await EveryTableAsync();

        Assert.Equal(beneficiaryId, details.GetProperty("beneficiaryId").GetGuid());
        Assert.Contains(opened.Id().ToString(), everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(beneficiaryId.ToString("D"), everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(beneficiaryId.ToString("N"), everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Linking_another_partners_or_an_unknown_beneficiary_answers_422_naming_beneficiaryId_and_writes_nothing()
    {
        using var stopSahel = await _platform.CaseworkerAsync("stop-sahel");
        var amssBeneficiary = await RegisterKnownAsync("amss");
        var cases = await _platform.GrievancesDb(db => db.Cases.CountAsync());

        var someoneElses = await stopSahel.PostAsJsonAsync(Casework.Cases, Linked(amssBeneficiary));
        var unknown = await stopSahel.PostAsJsonAsync(Casework.Cases, Linked(Guid.NewGuid()));

        foreach (var refused in new[] { someoneElses, unknown })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("beneficiaryId", out _), problem.ToString());
        }

        Assert.Equal(cases, await _platform.GrievancesDb(db => db.Cases.CountAsync()));
    }

    [Fact]
    public async Task A_data_sharing_agreement_lets_a_partner_link_the_others_beneficiary_until_it_ends()
    {
        using var second = await _platform.CaseworkerAsync("sharing-second");
        var beneficiaryId = await RegisterKnownAsync("sharing-first");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await second.PostAsJsonAsync(Casework.Cases, Linked(beneficiaryId))).StatusCode);

        using var admin = await _platform.ClientAsync(_platform.Gateway!, "platform", Scopes.Admin);
        var agreement = await Casework.SucceededAsync(await admin.PostAsJsonAsync("/api/v1/beneficiaries/data-sharing-agreements",
            new { partners = new[] { "sharing-first", "sharing-second" } }), "recording an agreement");
        await Eventually.TrueAsync(() => _platform.GrievancesDb(db => db.SharingAgreements.AnyAsync(a => a.Id == agreement.Id())),
            TimeSpan.FromSeconds(30), "the agreement to reach Grievances");
        var whileAgreed = await second.PostAsJsonAsync(Casework.Cases, Linked(beneficiaryId));

        (await admin.PostAsync($"/api/v1/beneficiaries/data-sharing-agreements/{agreement.Id()}/end", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => _platform.GrievancesDb(db => db.SharingAgreements.AnyAsync(a => a.Id == agreement.Id() && a.EndedAt != null)),
            TimeSpan.FromSeconds(30), "the end of the agreement to reach Grievances");
        var afterEnd = await second.PostAsJsonAsync(Casework.Cases, Linked(beneficiaryId));

        Assert.Equal(HttpStatusCode.Created, whileAgreed.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterEnd.StatusCode);
    }

    [Fact]
    public async Task Erasing_the_beneficiary_removes_the_link_identity_contact_and_narratives_but_keeps_codes_and_categories()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var beneficiaryId = await RegisterKnownAsync("amss");
        var opened = await Casework.SucceededAsync(await amss.PostAsJsonAsync(Casework.Cases,
            Linked(beneficiaryId, name: "Kadiatou ERASEME", phone: "ERASEME-76", address: "ERASEME quartier")), "opening a linked case");
        var caseId = opened.Id();
        await amss.RecordIncidentAsync(caseId, Casework.Incident(narrative: "ERASEME narrative"));
        var unlinked = (await amss.OpenCaseAsync(Casework.Case(name: "Awa KEEPME"))).Id();

        using var beneficiaries = await _platform.ClientAsync(_platform.Gateway!, "amss", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        (await beneficiaries.PostAsync($"/api/v1/beneficiaries/{beneficiaryId}/erasure", null)).EnsureSuccessStatusCode();
        var details = await Eventually.ReturnsAsync(
            () => amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/details"),
            d => d.GetProperty("erased").GetBoolean(), TimeSpan.FromSeconds(30), "the erasure to reach Grievances");
        var relink = await amss.PostAsJsonAsync(Casework.Cases, Linked(beneficiaryId));
        var raw = await _platform.RawTablesAsync("cases", "incidents");

        Assert.Equal(JsonValueKind.String, details.GetProperty("erasedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("beneficiaryId").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("survivor").GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("survivor").GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("incidents")[0].GetProperty("narrative").ValueKind);
        Assert.Equal(opened.GetProperty("survivorCode").GetString(), details.GetProperty("case").GetProperty("survivorCode").GetString());
        Assert.Equal("female", details.GetProperty("case").GetProperty("sex").GetString());
        Assert.Equal("forced_marriage", details.GetProperty("incidents")[0].GetProperty("incident").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, relink.StatusCode);
        var stored = await _platform.GrievancesDb(db => db.Cases.SingleAsync(c => c.Id == caseId));
        Assert.Null(stored.IdentityCipher);
        Assert.Null(stored.ContactCipher);
        Assert.Null(stored.BeneficiaryHash);
        Assert.Null(stored.BeneficiaryCipher);
        Assert.Equal("Awa KEEPME", (await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{unlinked}/details")).GetProperty("survivor").GetProperty("name").GetString());
        Assert.DoesNotContain("ERASEME", raw);
    }

    [Fact]
    public async Task A_case_linked_to_a_merged_record_follows_it_to_the_survivor_and_the_survivors_erasure_reaches_it()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var beneficiaries = await _platform.ClientAsync(_platform.Gateway!, "amss", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        var givenName = "Oumou" + Guid.NewGuid().ToString("N")[..8];
        var retired = await RegisterKnownAsync("amss", givenName);
        var caseId = (await Casework.SucceededAsync(await amss.PostAsJsonAsync(Casework.Cases, Linked(retired)), "opening a linked case")).Id();
        var survivor = await RegisterKnownAsync("amss", givenName.ToUpperInvariant());

        (await beneficiaries.PostAsJsonAsync($"/api/v1/beneficiaries/{survivor}/merge", new { mergedId = retired })).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(() => amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/details"),
            d => d.GetProperty("beneficiaryId").ValueKind == JsonValueKind.String && d.GetProperty("beneficiaryId").GetGuid() == survivor,
            TimeSpan.FromSeconds(30), "the merge to reach Grievances");
        var linkRetired = await amss.PostAsJsonAsync(Casework.Cases, Linked(retired));
        (await beneficiaries.PostAsync($"/api/v1/beneficiaries/{survivor}/erasure", null)).EnsureSuccessStatusCode();
        var details = await Eventually.ReturnsAsync(() => amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/details"),
            d => d.GetProperty("erased").GetBoolean(), TimeSpan.FromSeconds(30), "the erasure to reach Grievances");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, linkRetired.StatusCode);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("survivor").GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task A_link_stored_in_clear_before_the_migration_is_converted_at_start_up_and_no_plaintext_remains()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var caseId = (await amss.OpenCaseAsync()).Id();
        var beneficiaryId = Guid.NewGuid();
        // What the migration SurvivorLinkAndErasure leaves of a case linked before it: the id, in clear, waiting for the service.
        await _platform.GrievancesDb(db =>
        {
            db.LegacyBeneficiaryLinks.Add(new LegacyBeneficiaryLink { CaseId = caseId, BeneficiaryId = beneficiaryId });
            return db.SaveChangesAsync();
        });

        await using var restarted = await _platform.StartAnotherGrievancesAsync(new Dictionary<string, string?>());
        var details = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/details");
        var stored = await _platform.GrievancesDb(db => db.Cases.SingleAsync(c => c.Id == caseId));
        var everything = await EveryTableAsync();

        Assert.Equal(beneficiaryId, details.GetProperty("beneficiaryId").GetGuid());
        Assert.Equal(_platform.Grievances!.Services.GetRequiredService<BeneficiaryLinkHasher>().Hash(beneficiaryId), stored.BeneficiaryHash);
        Assert.Equal(0, await _platform.GrievancesDb(db => db.LegacyBeneficiaryLinks.CountAsync()));
        Assert.DoesNotContain(beneficiaryId.ToString(), everything, StringComparison.OrdinalIgnoreCase);
    }

    private static object Linked(Guid beneficiaryId, string name = "Aminata Touré", string phone = "76123456", string address = "Quartier Abaradjou") => new
    {
        survivor = new { name, phone, address },
        beneficiaryId,
        sex = "female",
        ageAtRegistration = 16,
        riskLevel = "high",
        caseWorker = "cw-07",
        consent = new { services = true, referral = true, reporting = true },
    };

    /// <summary>Registers a person in Beneficiaries for <paramref name="partner"/> and waits until Grievances knows who owns them.</summary>
    private async Task<Guid> RegisterKnownAsync(string partner, string? givenName = null)
    {
        using var beneficiaries = await _platform.ClientAsync(_platform.Gateway!, partner, Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        var id = await beneficiaries.CreateBeneficiaryAsync(Samples.Person(givenName: givenName ?? "Mariam" + Guid.NewGuid().ToString("N")[..8], familyName: "Coulibaly"));
        var hash = _platform.Grievances!.Services.GetRequiredService<BeneficiaryLinkHasher>().Hash(id);
        await Eventually.TrueAsync(() => _platform.GrievancesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Hash == hash)),
            TimeSpan.FromSeconds(30), "the registration to reach Grievances");
        return id;
    }

    /// <summary>Every value of every table of the Grievances database, as plain SQL reads it.</summary>
    private Task<string> EveryTableAsync() =>
        _platform.GrievancesDb(async db =>
        {
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'").ToListAsync();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            var text = new StringBuilder();
            try
            {
                foreach (var table in tables)
                {
                    await using DbCommand command = connection.CreateCommand();
                    command.CommandText = $"SELECT * FROM \"{table}\"";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                            text.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                                .Append('\n');
                        }
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return text.ToString();
        });
}
