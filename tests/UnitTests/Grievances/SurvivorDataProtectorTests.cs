using System.Security.Cryptography;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.UnitTests.Grievances;

public sealed class SurvivorDataProtectorTests
{
    private static readonly string Key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly Guid RecordId = Guid.NewGuid();

    private static SurvivorDataProtector Protector(string active, params (string Id, string Key)[] keys) =>
        new(new EncryptionOptions { ActiveKey = active, Keys = keys.ToDictionary(k => k.Id, k => k.Key) }.ToKeyRing());

    [Fact]
    public void A_protected_value_reads_back_and_holds_no_plaintext()
    {
        var protector = Protector("k1", ("k1", Key1));

        var stored = protector.Protect("Fatoumata Maïga", RecordId, "case.identity");

        Assert.StartsWith("v1.k1.", stored);
        Assert.DoesNotContain("Fatoumata", stored);
        Assert.Equal("Fatoumata Maïga", protector.Unprotect(stored, RecordId, "case.identity"));
    }

    [Fact]
    public void The_same_value_encrypts_differently_each_time() =>
        Assert.NotEqual(Protector("k1", ("k1", Key1)).Protect("x", RecordId, "f"), Protector("k1", ("k1", Key1)).Protect("x", RecordId, "f"));

    [Fact]
    public void After_a_rotation_old_values_still_read_and_new_ones_use_the_new_key()
    {
        var old = Protector("k1", ("k1", Key1)).Protect("narrative", RecordId, "incident.narrative");
        var rotated = Protector("k2", ("k1", Key1), ("k2", Key2));

        Assert.Equal("narrative", rotated.Unprotect(old, RecordId, "incident.narrative"));
        Assert.Equal("k2", SurvivorDataProtector.KeyIdOf(rotated.Protect("new", RecordId, "incident.narrative")));
    }

    [Fact]
    public void A_value_whose_key_left_the_ring_does_not_read()
    {
        var old = Protector("k1", ("k1", Key1)).Protect("narrative", RecordId, "f");

        Assert.ThrowsAny<CryptographicException>(() => Protector("k2", ("k2", Key2)).Unprotect(old, RecordId, "f"));
    }

    [Fact]
    public void A_value_moved_to_another_record_or_field_does_not_read()
    {
        var protector = Protector("k1", ("k1", Key1));
        var stored = protector.Protect("Fatoumata", RecordId, "case.identity");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored, Guid.NewGuid(), "case.identity"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored, RecordId, "case.contact"));
    }

    [Fact]
    public void An_altered_value_does_not_read()
    {
        var protector = Protector("k1", ("k1", Key1));
        var stored = protector.Protect("Fatoumata", RecordId, "f")!;
        var bytes = Convert.FromBase64String(stored.Split('.')[2]);
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect($"v1.k1.{Convert.ToBase64String(bytes)}", RecordId, "f"));
    }

    [Fact]
    public void Without_an_active_key_the_ring_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new EncryptionOptions().ToKeyRing());
        Assert.Throws<InvalidOperationException>(() => new EncryptionOptions { ActiveKey = "k9", Keys = { ["k1"] = Key1 } }.ToKeyRing());
        Assert.Throws<InvalidOperationException>(() => new EncryptionOptions { ActiveKey = "k1", Keys = { ["k1"] = "c2hvcnQ=" } }.ToKeyRing());
    }

    [Fact]
    public void Keys_can_come_from_a_key_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{\"activeKey\":\"k2\",\"keys\":{\"k1\":\"" + Key1 + "\",\"k2\":\"" + Key2 + "\"}}");

            var ring = new EncryptionOptions { KeyFile = file }.ToKeyRing();

            Assert.Equal("k2", ring.ActiveKeyId);
            Assert.Equal(2, ring.Keys.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
