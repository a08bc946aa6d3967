using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Secrets;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// The survivor-data key ring lives in a wrapped key file, apart from the database. An
/// administrator rotates the key; a background job re-encrypts every older value under the new
/// key; the older key is then retired, and a restarted service reads every case without it.
/// </summary>
public sealed class KeyRotationTests(KeyRotationTests.Platform fixture) : IClassFixture<KeyRotationTests.Platform>
{
    private const string Keys = "/api/v1/grievances/admin/keys";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        // Small batches, so that the re-encryption takes several.
        protected override PlatformOptions Options => new()
        {
            Activities = false,
            Grievances = true,
            GrievancesSettings = { ["Grievances:Encryption:ReencryptionBatchSize"] = "2" },
        };
    }

    [Fact]
    public async Task After_a_rotation_and_its_reencryption_the_retired_key_is_no_longer_needed_to_read_any_case()
    {
        using var amss = await _platform.ClientAsync(_platform.Grievances!, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        using var admin = await _platform.ClientAsync(_platform.Grievances!, "platform", Scopes.Admin);
        var cases = new List<(Guid Id, string Name)>();
        for (var i = 0; i < 3; i++)
        {
            var name = $"Awa Rotation-{i}";
            var id = (await amss.OpenCaseAsync(Casework.Case(name: name))).Id();
            await amss.RecordIncidentAsync(id, Casework.Incident(narrative: $"narrative {i}"));
            cases.Add((id, name));
        }

        var refused = await admin.DeleteAsync($"{Keys}/{TestPlatform.GrievancesKeyId}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var rotate = await admin.PostAsync($"{Keys}/rotate", null);
        var started = await Casework.SucceededAsync(rotate, "rotating the key");
        Assert.Equal(HttpStatusCode.Accepted, rotate.StatusCode);
        var newKey = started.GetProperty("keyId").GetString()!;
        // Each case has an identity, a contact and an incident narrative under the old key.
        Assert.Equal(9, started.GetProperty("total").GetInt32());

        var progress = await Eventually.ReturnsAsync(
            () => admin.GetFromJsonAsync<JsonElement>(Keys),
            keys => keys.GetProperty("lastRotation").GetProperty("status").GetString() != KeyRotationStatus.Running,
            TimeSpan.FromSeconds(60), "the re-encryption to end");
        var rotation = progress.GetProperty("lastRotation");
        Assert.Equal(KeyRotationStatus.Completed, rotation.GetProperty("status").GetString());
        Assert.Equal(9, rotation.GetProperty("done").GetInt32());
        Assert.Equal(newKey, progress.GetProperty("activeKey").GetString());
        var raw = await _platform.RawTablesAsync("cases", "incidents");
        Assert.DoesNotContain($"v1.{TestPlatform.GrievancesKeyId}.", raw);
        Assert.Contains($"v1.{newKey}.", raw);

        var retire = await admin.DeleteAsync($"{Keys}/{TestPlatform.GrievancesKeyId}");
        Assert.Equal(HttpStatusCode.NoContent, retire.StatusCode);
        Assert.Equal([newKey], _platform.Keys.ReadGrievancesKeyRing().Keys.Keys);

        await using var restarted = await _platform.StartAnotherGrievancesAsync(new Dictionary<string, string?>());
        using var reader = await _platform.ClientAsync(restarted, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        foreach (var (id, name) in cases)
        {
            var details = await reader.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}/details");
            Assert.Equal(name, details.GetProperty("survivor").GetProperty("name").GetString());
            Assert.Equal("76123456", details.GetProperty("survivor").GetProperty("phone").GetString());
            Assert.StartsWith("narrative ", details.GetProperty("incidents")[0].GetProperty("narrative").GetString());
        }
    }

    [Fact]
    public async Task Key_administration_needs_the_admin_scope()
    {
        using var caseworker = await _platform.ClientAsync(_platform.Grievances!, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework);

        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.PostAsync($"{Keys}/rotate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync(Keys)).StatusCode);
    }

    [Fact]
    public void The_key_ring_file_holds_its_keys_only_wrapped_and_does_not_open_without_the_key_encryption_key()
    {
        var onDisk = File.ReadAllBytes(_platform.Keys.GrievancesKeyRingFile);
        var ring = _platform.Keys.ReadGrievancesKeyRing();

        Assert.NotEmpty(ring.Keys);
        foreach (var key in ring.Keys.Values)
        {
            Assert.DoesNotContain(Convert.ToBase64String(key), Encoding.UTF8.GetString(onDisk));
            Assert.False(onDisk.AsSpan().IndexOf(key) >= 0);
        }

        var otherKek = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        Assert.Throws<InvalidOperationException>(() => new WrappedKeyFile(_platform.Keys.GrievancesKeyRingFile, EncryptionOptions.Purpose, otherKek).Read());
    }

    [Fact]
    public async Task Outside_Development_Grievances_refuses_to_start_without_a_key_encryption_key()
    {
        var settings = _platform.GrievancesSettings();
        settings["KeyEncryption:Key"] = "";

        var reason = await StartRefusal.ReasonAsync<GrievancesDbContext>(settings);

        Assert.Contains("No key-encryption key is configured", reason);
        Assert.Contains(KeyEncryptionOptions.EnvironmentVariable, reason);
    }

    [Fact]
    public async Task In_Production_Grievances_refuses_to_start_without_its_key_ring_file_rather_than_make_a_new_ring()
    {
        var settings = _platform.GrievancesSettings();
        var file = Path.Combine(_platform.Keys.Directory, "never-mounted-ring.json");
        settings["Grievances:Encryption:KeyFile"] = file;
        settings["KeyEncryption:CreateMissingKeyFiles"] = "false";
        settings["environment"] = "Production";

        var reason = await StartRefusal.ReasonAsync<GrievancesDbContext>(settings);

        Assert.Contains($"The key file {file} ({EncryptionOptions.Purpose}) does not exist", reason);
        Assert.False(File.Exists(file));
    }
}

/// <summary>
/// A rotation whose re-encryption the service did not finish (it stopped, or another instance
/// rotated) is carried through by the next instance that starts with the rotated key ring.
/// </summary>
public sealed class KeyRotationRestartTests(KeyRotationRestartTests.Platform fixture) : IClassFixture<KeyRotationRestartTests.Platform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false, Grievances = true };
    }

    [Fact]
    public async Task A_reencryption_left_running_is_finished_by_the_next_instance_that_starts()
    {
        using var amss = await _platform.ClientAsync(_platform.Grievances!, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        var id = (await amss.OpenCaseAsync(Casework.Case(name: "Awa Restart", phone: null, address: null))).Id();
        await amss.RecordIncidentAsync(id, Casework.Incident(narrative: "before the restart"));

        // The rotation as the endpoint leaves it, with no batch done yet: the ring on disk has a new
        // active key and the rotation is stored as running. The running instance still has the old
        // ring, so it leaves the rotation to an instance that has the new one.
        var rotated = _platform.Keys.ReadGrievancesKeyRing().Rotate("k-restart");
        _platform.Keys.WriteGrievancesKeyRing(rotated);
        var rotation = KeyRotation.Start("k-restart", 2, _platform.Clock.GetUtcNow());
        await _platform.GrievancesDb(async db =>
        {
            db.KeyRotations.Add(rotation);
            return await db.SaveChangesAsync();
        });

        await using var restarted = await _platform.StartAnotherGrievancesAsync(new Dictionary<string, string?>());

        var finished = await Eventually.ReturnsAsync(
            () => _platform.GrievancesDb(db => Task.FromResult(db.KeyRotations.Single(r => r.Id == rotation.Id))),
            r => r.Status != KeyRotationStatus.Running, TimeSpan.FromSeconds(60), "the restarted instance to finish the re-encryption");
        Assert.Equal(KeyRotationStatus.Completed, finished.Status);
        Assert.Equal(2, finished.Done);
        var raw = await _platform.RawTablesAsync("cases", "incidents");
        Assert.DoesNotContain($"v1.{TestPlatform.GrievancesKeyId}.", raw);
        using var reader = await _platform.ClientAsync(restarted, "amss", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        var details = await reader.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}/details");
        Assert.Equal("before the restart", details.GetProperty("incidents")[0].GetProperty("narrative").GetString());
    }
}
