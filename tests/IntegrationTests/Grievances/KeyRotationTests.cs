using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>A new key is added to the ring and made active: old survivor data still reads, new data uses the new key.</summary>
public sealed class KeyRotationTests(GrievancesPlatform fixture) : IClassFixture<GrievancesPlatform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task After_a_key_rotation_old_records_still_read_and_new_ones_are_encrypted_with_the_new_key()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var old = (await amss.OpenCaseAsync(Casework.Case(name: "Awa Before-Rotation"))).Id();
        await amss.RecordIncidentAsync(old, Casework.Incident(narrative: "old narrative"));

        await using var rotated = await _platform.StartAnotherGrievancesAsync(new Dictionary<string, string?>
        {
            ["Grievances:Encryption:ActiveKey"] = "test-2",
            ["Grievances:Encryption:Keys:test-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        using var client = rotated.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.TokenAsync("amss",
            JusticePlatform.BuildingBlocks.Partners.Scopes.GrievancesRead, JusticePlatform.BuildingBlocks.Partners.Scopes.GrievancesCasework));
        var oldDetails = await client.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{old}/details");
        var fresh = (await client.OpenCaseAsync(Casework.Case(name: "Awa After-Rotation"))).Id();
        var freshDetails = await client.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{fresh}/details");

        Assert.Equal("Awa Before-Rotation", oldDetails.GetProperty("survivor").GetProperty("name").GetString());
        Assert.Equal("old narrative", oldDetails.GetProperty("incidents")[0].GetProperty("narrative").GetString());
        Assert.Equal("Awa After-Rotation", freshDetails.GetProperty("survivor").GetProperty("name").GetString());
        var raw = await _platform.RawTablesAsync("cases");
        Assert.Contains("IdentityCipher=v1.test-1.", raw);
        Assert.Contains("IdentityCipher=v1.test-2.", raw);
        Assert.DoesNotContain("Rotation", raw);
    }
}
