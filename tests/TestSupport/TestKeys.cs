using System.Security.Cryptography;
using System.Text;
using JusticePlatform.BuildingBlocks.Secrets;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.TestSupport;

/// <summary>
/// The services' key files as a deployment keeps them: in a folder of their own (never the
/// database's), wrapped by a key-encryption key the services get from their settings. Deleted on dispose.
/// </summary>
public sealed class TestKeys : IDisposable
{
    public TestKeys()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("justice-keys-").FullName;
    }

    public string Directory { get; }

    /// <summary>The key-encryption key, as <c>KeyEncryption:Key</c> gives it.</summary>
    public byte[] KeyEncryptionKey { get; } = RandomNumberGenerator.GetBytes(32);

    public string GrievancesKeyRingFile => Path.Combine(Directory, EncryptionOptions.DefaultFileName);

    /// <summary>Grievances' beneficiary-link key, made by the service at its first start.</summary>
    public string GrievancesLinkKeyFile => Path.Combine(Directory, JusticePlatform.Grievances.BeneficiaryLinks.BeneficiaryLinkOptions.DefaultFileName);

    public string IdentitySigningKeyFile => Path.Combine(Directory, "identity-signing-key.json");

    public WrappedKeyFile GrievancesKeyRing => new(GrievancesKeyRingFile, EncryptionOptions.Purpose, KeyEncryptionKey);

    /// <summary>The settings that give a service its key-encryption key, and let it make a key file missing at its first start.</summary>
    public void AddTo(IDictionary<string, string?> settings)
    {
        settings["KeyEncryption:Key"] = Convert.ToBase64String(KeyEncryptionKey);
        settings["KeyEncryption:CreateMissingKeyFiles"] = "true";
    }

    public void WriteGrievancesKeyRing(KeyRing ring) => GrievancesKeyRing.Write(ring.Serialize());

    public KeyRing ReadGrievancesKeyRing() => KeyRing.Deserialize(GrievancesKeyRing.Read());

    public void WriteIdentitySigningKey(RSA key) =>
        new WrappedKeyFile(IdentitySigningKeyFile, "identity-signing-key", KeyEncryptionKey).Write(Encoding.UTF8.GetBytes(key.ExportRSAPrivateKeyPem()));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is untidy, not a failure.
        }
    }
}
