using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Secrets;

namespace JusticePlatform.Grievances.Protection;

/// <summary>
/// Settings under "Grievances:Encryption": where the key ring that encrypts survivor data lives.
/// It is a key file wrapped by the key-encryption key (see <see cref="WrappedKeyFile"/>), kept
/// apart from the database: never in it, never in its data folder.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Grievances:Encryption";
    public const string Purpose = "grievances-key-ring";
    public const string DefaultFileName = "grievances-key-ring.json";

    /// <summary>The key ring's file; relative paths start at the content root. Default: keys/grievances-key-ring.json there.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Rows re-encrypted per batch (and per transaction) after a rotation.</summary>
    public int ReencryptionBatchSize { get; set; } = 200;

    /// <summary>How often the re-encryption worker looks for a rotation started by another instance.</summary>
    public TimeSpan ReencryptionPollInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The keys survivor data can be read with, and the one new data is written with.</summary>
public sealed record KeyRing
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public KeyRing(string activeKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        if (string.IsNullOrWhiteSpace(activeKeyId) || !keys.ContainsKey(activeKeyId))
        {
            throw new InvalidOperationException("The survivor-data key ring must name one of its keys as active: survivor data is never stored unencrypted.");
        }

        foreach (var (id, key) in keys)
        {
            if (key.Length != 32)
            {
                throw new InvalidOperationException($"Survivor-data key '{id}' must be 32 bytes (AES-256).");
            }

            if (id.Contains('.', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Survivor-data key id '{id}' may not contain a dot.");
            }
        }

        ActiveKeyId = activeKeyId;
        Keys = keys;
    }

    public string ActiveKeyId { get; }
    public IReadOnlyDictionary<string, byte[]> Keys { get; }

    /// <summary>A ring of one new random key.</summary>
    public static KeyRing Create(string keyId) => new(keyId, new Dictionary<string, byte[]> { [keyId] = RandomNumberGenerator.GetBytes(32) });

    /// <summary>This ring with a new random key that becomes active; the others stay, so old records still read.</summary>
    public KeyRing Rotate(string newKeyId) =>
        Keys.ContainsKey(newKeyId)
            ? throw new InvalidOperationException($"The key ring already has a key '{newKeyId}'.")
            : new KeyRing(newKeyId, new Dictionary<string, byte[]>(Keys) { [newKeyId] = RandomNumberGenerator.GetBytes(32) });

    /// <summary>This ring without a retired key (never the active one).</summary>
    public KeyRing Without(string keyId) =>
        keyId == ActiveKeyId
            ? throw new InvalidOperationException("The active key cannot be retired.")
            : new KeyRing(ActiveKeyId, Keys.Where(k => k.Key != keyId).ToDictionary(k => k.Key, k => k.Value));

    /// <summary>The ring as the key file wraps it: <c>{"activeKey": "...", "keys": {"id": "base64"}}</c>.</summary>
    public byte[] Serialize() =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Content(ActiveKeyId, Keys.ToDictionary(k => k.Key, k => Convert.ToBase64String(k.Value))), Json));

    public static KeyRing Deserialize(byte[] material)
    {
        var content = JsonSerializer.Deserialize<Content>(material, Json) ?? throw new InvalidOperationException("The survivor-data key ring is empty.");
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in content.Keys ?? [])
        {
            try
            {
                keys[id] = Convert.FromBase64String(key);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Survivor-data key '{id}' is not base64.");
            }
        }

        return new KeyRing(content.ActiveKey ?? "", keys);
    }

    private sealed record Content(string? ActiveKey, Dictionary<string, string>? Keys);
}

/// <summary>
/// The key ring's wrapped file: read at start-up (made with one new key on the first start),
/// rewritten when a key is rotated in or retired.
/// </summary>
public sealed class KeyRingFile(WrappedKeyFile file)
{
    private readonly Lock _writing = new();

    public string Path => file.Path;

    public KeyRing Load() => KeyRing.Deserialize(file.ReadOrCreate(() => KeyRing.Create("k1").Serialize()));

    /// <summary>Changes the ring on disk (read afresh, so two changes never overwrite each other in one process) and returns the new ring.</summary>
    public KeyRing Change(Func<KeyRing, KeyRing> change)
    {
        lock (_writing)
        {
            var ring = change(KeyRing.Deserialize(file.Read()));
            file.Write(ring.Serialize());
            return ring;
        }
    }
}
