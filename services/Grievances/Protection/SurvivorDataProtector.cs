using System.Security.Cryptography;
using System.Text;

namespace JusticePlatform.Grievances.Protection;

/// <summary>
/// Encrypts survivor data (identity, contact, narratives) with AES-256-GCM before it reaches the
/// database. A stored value reads <c>v1.{keyId}.{base64(nonce | ciphertext | tag)}</c>: the key id
/// says which key of the ring decrypts it, so a rotated ring still reads old records. The
/// associated data binds each value to its record and field, so a ciphertext copied into another
/// row or column does not decrypt.
/// </summary>
public sealed class SurvivorDataProtector(KeyRing ring)
{
    private const string Prefix = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private volatile KeyRing _ring = ring;

    public KeyRing Ring => _ring;

    public string ActiveKeyId => _ring.ActiveKeyId;

    /// <summary>Replaces the ring (after a rotation or a retirement); values being encrypted meanwhile use the old one, which the new ring still reads.</summary>
    public void Use(KeyRing newRing) => _ring = newRing;

    /// <summary>The start of every value the active key encrypted (to find values still under another key).</summary>
    public string ActiveKeyPrefix => PrefixOf(_ring.ActiveKeyId);

    public static string PrefixOf(string keyId) => $"{Prefix}.{keyId}.";

    public string? Protect(string? plaintext, Guid recordId, string field)
    {
        if (plaintext is null)
        {
            return null;
        }

        var current = _ring;
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(current.Keys[current.ActiveKeyId], TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), AssociatedData(recordId, field));
        return $"{Prefix}.{current.ActiveKeyId}.{Convert.ToBase64String(output)}";
    }

    /// <summary>Decrypts a stored value; throws <see cref="CryptographicException"/> when it was altered, moved or its key is gone.</summary>
    public string? Unprotect(string? stored, Guid recordId, string field)
    {
        if (stored is null)
        {
            return null;
        }

        var parts = stored.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix)
        {
            throw new CryptographicException("The stored survivor data is not in a known format.");
        }

        if (!_ring.Keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException($"The key '{parts[1]}' that encrypted this survivor data is not in the key ring.");
        }

        var input = Convert.FromBase64String(parts[2]);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The stored survivor data is truncated.");
        }

        var length = input.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plaintext, AssociatedData(recordId, field));
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>The value encrypted again under the active key; null stays null.</summary>
    public string? Reencrypt(string? stored, Guid recordId, string field) => Protect(Unprotect(stored, recordId, field), recordId, field);

    /// <summary>The id of the key a stored value was encrypted with (to find records to re-encrypt after a rotation).</summary>
    public static string? KeyIdOf(string? stored) => stored?.Split('.') is [Prefix, var keyId, _] ? keyId : null;

    private static byte[] AssociatedData(Guid recordId, string field) => Encoding.UTF8.GetBytes($"{recordId:N}/{field}");
}
