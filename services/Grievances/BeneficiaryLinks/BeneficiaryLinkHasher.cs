using System.Security.Cryptography;
using System.Text;

namespace JusticePlatform.Grievances.BeneficiaryLinks;

/// <summary>
/// Settings under "Grievances:BeneficiaryLink": where the key of the beneficiary-id hashes is kept.
/// Like the key ring, it is a key file wrapped by the key-encryption key, apart from the database,
/// made at the first start. Every stored hash depends on it: losing or changing it unlinks every case.
/// </summary>
public sealed class BeneficiaryLinkOptions
{
    public const string Section = "Grievances:BeneficiaryLink";
    public const string Purpose = "grievances-beneficiary-link";
    public const string DefaultFileName = "grievances-link-key.json";
    public const int KeySize = 32;

    /// <summary>The key file, relative to the content root (default <c>keys/grievances-link-key.json</c>).</summary>
    public string? KeyFile { get; set; }
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

    public BeneficiaryLinkHasher(byte[] key) =>
        _key = key.Length == BeneficiaryLinkOptions.KeySize
            ? key
            : throw new InvalidOperationException($"The beneficiary-link key must be {BeneficiaryLinkOptions.KeySize} bytes: a case is never linked to a person in clear.");

    public string Hash(Guid beneficiaryId) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"beneficiary/{beneficiaryId:N}"))).ToLowerInvariant();
}
