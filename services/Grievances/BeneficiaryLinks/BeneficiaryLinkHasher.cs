using System.Security.Cryptography;
using System.Text;

namespace JusticePlatform.Grievances.BeneficiaryLinks;

/// <summary>Settings under "Grievances:BeneficiaryLink": the key of the beneficiary-id hashes, kept apart from the database like the key ring.</summary>
public sealed class BeneficiaryLinkOptions
{
    public const string Section = "Grievances:BeneficiaryLink";

    /// <summary>32 random bytes in base64. Every stored hash depends on it: changing it unlinks every case.</summary>
    public string? HashKey { get; set; }
}

/// <summary>
/// A keyed hash (HMAC-SHA256) of a beneficiary id: what Grievances stores to find a person's cases
/// and to know who owns a beneficiary. Without the key, a dump of the Beneficiaries and Grievances
/// databases cannot tell which registered person has a case (a plain hash of a UUID is reversible
/// by hashing every id Beneficiaries holds).
/// </summary>
public sealed class BeneficiaryLinkHasher
{
    private readonly byte[] _key;

    public BeneficiaryLinkHasher(BeneficiaryLinkOptions options)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(options.HashKey ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{BeneficiaryLinkOptions.Section}:HashKey is not base64.");
        }

        _key = key.Length == 32
            ? key
            : throw new InvalidOperationException($"{BeneficiaryLinkOptions.Section}:HashKey must be 32 bytes in base64: a case is never linked to a person in clear.");
    }

    public string Hash(Guid beneficiaryId) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"beneficiary/{beneficiaryId:N}"))).ToLowerInvariant();
}
