using System.Security.Cryptography;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.UnitTests.Grievances;

public sealed class SurvivorDataProtectorTests
{
    private static readonly string Key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly Guid RecordId = Guid.NewGuid();

    private static SurvivorDataProtector Protector(string active, params (string Id, string Key)[] keys) =>
        new(new KeyRing(active, keys.ToDictionary(k => k.Id, k => Convert.FromBase64String(k.Key))));

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
        Assert.Throws<InvalidOperationException>(() => KeyRing.Deserialize("{}"u8.ToArray()));
        Assert.Throws<InvalidOperationException>(() => new KeyRing("k9", new Dictionary<string, byte[]> { ["k1"] = Convert.FromBase64String(Key1) }));
        Assert.Throws<InvalidOperationException>(() => new KeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = Convert.FromBase64String("c2hvcnQ=") }));
    }

    [Fact]
    public void A_rotated_ring_keeps_the_older_keys_and_a_retired_key_leaves_it()
    {
        var rotated = KeyRing.Create("k1").Rotate("k2");

        Assert.Equal("k2", rotated.ActiveKeyId);
        Assert.Equal(["k1", "k2"], rotated.Keys.Keys.Order());
        Assert.Equal(["k2"], rotated.Without("k1").Keys.Keys);
        Assert.Throws<InvalidOperationException>(() => rotated.Without("k2"));
    }

    [Fact]
    public void A_ring_reads_back_from_its_serialized_form()
    {
        var ring = KeyRing.Create("k1").Rotate("k2");

        var read = KeyRing.Deserialize(ring.Serialize());

        Assert.Equal("k2", read.ActiveKeyId);
        Assert.Equal(ring.Keys["k1"], read.Keys["k1"]);
    }

    [Fact]
    public void Reencrypting_moves_a_value_to_the_active_key()
    {
        var old = Protector("k1", ("k1", Key1)).Protect("narrative", RecordId, "incident.narrative");
        var rotated = Protector("k2", ("k1", Key1), ("k2", Key2));

        var moved = rotated.Reencrypt(old, RecordId, "incident.narrative");

        Assert.Equal("k2", SurvivorDataProtector.KeyIdOf(moved));
        Assert.Equal("narrative", Protector("k2", ("k2", Key2)).Unprotect(moved, RecordId, "incident.narrative"));
    }
}
