using System.Security.Cryptography;
using JusticePlatform.Grievances.BeneficiaryLinks;

namespace JusticePlatform.UnitTests.Grievances;

public sealed class BeneficiaryLinkHasherTests
{
    private static BeneficiaryLinkHasher WithKey(byte[] key) => new(key);

    [Fact]
    public void The_same_id_hashes_alike_under_one_key_and_differently_under_another()
    {
        var id = Guid.NewGuid();
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(WithKey(key).Hash(id), WithKey(key).Hash(id));
        Assert.NotEqual(WithKey(key).Hash(id), WithKey(RandomNumberGenerator.GetBytes(32)).Hash(id));
        Assert.NotEqual(WithKey(key).Hash(id), WithKey(key).Hash(Guid.NewGuid()));
    }

    [Fact]
    public void A_hash_holds_no_spelling_of_the_id()
    {
        var id = Guid.NewGuid();

        var hash = WithKey(RandomNumberGenerator.GetBytes(32)).Hash(id);

        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(id.ToString("N"), hash, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void Without_a_32_byte_key_the_hasher_refuses_to_start(int size) =>
        Assert.Throws<InvalidOperationException>(() => new BeneficiaryLinkHasher(new byte[size]));
}
