using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>The CSV export of a partner's own beneficiaries, through the gateway.</summary>
public sealed class BeneficiaryExportTests(BeneficiaryExportTests.Platform platform) : IClassFixture<BeneficiaryExportTests.Platform>
{
    private const string Export = "/api/v1/beneficiaries/export";
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    [Fact]
    public async Task A_name_that_starts_like_a_formula_comes_out_neutralised()
    {
        using var amss = await _platform.PartnerAsync("amss-export-formula");
        var id = (await amss.RegisterAsync(Samples.Person(givenName: "Fatoumata"))).GetProperty("id").GetGuid();
        // A record stored before names were checked, or changed outside the API.
        await _platform.BeneficiariesDb(db => db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).Where(b => b.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.GivenName, "=HYPERLINK(\"http://evil.example\",\"x\")")));

        var csv = await amss.GetStringAsync(Export);

        var line = Assert.Single(csv.Split('\n'), l => l.StartsWith(id.ToString(), StringComparison.Ordinal));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", line);
        Assert.DoesNotContain(",=HYPERLINK", line);
    }

    [Fact]
    public async Task A_partner_exports_only_its_own_records_never_another_partners()
    {
        using var a = await _platform.PartnerAsync("amss-export-a");
        using var b = await _platform.PartnerAsync("wildaf-export-b");
        var ofA = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ofA.Add((await a.RegisterAsync(Samples.Person(givenName: $"Kadiatou{(char)('a' + i)}", phone: $"+223 7600000{i}"))).GetProperty("id").GetGuid());
        }

        var ofB = (await b.RegisterAsync(Samples.Person(givenName: "Oumou"))).GetProperty("id").GetGuid();

        var csvOfB = await b.GetStringAsync(Export);
        var csvOfA = await a.GetStringAsync(Export);

        var rowsOfB = csvOfB.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(ofB.ToString(), Assert.Single(rowsOfB).Split(',')[0]);
        Assert.All(ofA, id => Assert.DoesNotContain(id.ToString(), csvOfB));
        Assert.DoesNotContain("Kadiatou", csvOfB);
        Assert.Equal(ofA.Order().Select(id => id.ToString()), csvOfA.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l => l.Split(',')[0]).Order());
    }

    [Fact]
    public async Task The_export_is_audited_as_an_export_and_never_cached()
    {
        using var amss = await _platform.PartnerAsync("amss-export-audit");
        await amss.RegisterAsync(Samples.Person());

        using var response = await amss.GetAsync(Export);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "the export may be stored by a cache");
        Assert.StartsWith("id,code,kind,givenName,familyName", await response.Content.ReadAsStringAsync());
        var exports = await _platform.BeneficiariesDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.PartnerId == "amss-export-audit" && e.Action == "export").ToListAsync());
        var entry = Assert.Single(exports);
        Assert.Equal(("beneficiary", 200), (entry.Resource, entry.StatusCode));
    }

    [Fact]
    public async Task The_export_needs_the_read_scope()
    {
        using var writeOnly = await _platform.PartnerAsync("amss-export-scope", Scopes.BeneficiariesWrite);

        using var response = await writeOnly.GetAsync(Export);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
