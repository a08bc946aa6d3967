using System.Text.Json;

namespace JusticePlatform.Grievances.Protection;

/// <summary>
/// Settings under "Grievances:Encryption": the key ring that encrypts survivor data. Keys come
/// from configuration (<see cref="Keys"/>, for example environment variables or a secret store)
/// or from a key file (<see cref="KeyFile"/>) kept apart from the database. Never from the database.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Grievances:Encryption";

    /// <summary>The key new data is encrypted with. Older keys stay in <see cref="Keys"/> so that old records stay readable.</summary>
    public string? ActiveKey { get; set; }

    /// <summary>Key id → 32 random bytes in base64 (AES-256).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>A JSON file <c>{"activeKey": "...", "keys": {"id": "base64"}}</c>, read at start-up; its keys join <see cref="Keys"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key ring these settings describe; throws when it has no usable active key.</summary>
    public KeyRing ToKeyRing()
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var active = ActiveKey;
        if (!string.IsNullOrWhiteSpace(KeyFile))
        {
            var file = JsonSerializer.Deserialize<KeyFileContent>(File.ReadAllText(KeyFile), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("The survivor-data key file is empty.");
            foreach (var (id, key) in file.Keys ?? [])
            {
                keys[id] = Decode(id, key);
            }

            active ??= file.ActiveKey;
        }

        foreach (var (id, key) in Keys)
        {
            keys[id] = Decode(id, key);
        }

        if (string.IsNullOrWhiteSpace(active) || !keys.ContainsKey(active))
        {
            throw new InvalidOperationException(
                $"{Section}:ActiveKey must name a key of {Section}:Keys or of the key file: survivor data is never stored unencrypted.");
        }

        return new KeyRing(active, keys);
    }

    private static byte[] Decode(string id, string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Survivor-data key '{id}' is not base64.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"Survivor-data key '{id}' must be 32 bytes (AES-256).");
    }

    private sealed record KeyFileContent(string? ActiveKey, Dictionary<string, string>? Keys);
}

/// <summary>The keys survivor data can be read with, and the one new data is written with.</summary>
public sealed record KeyRing(string ActiveKeyId, IReadOnlyDictionary<string, byte[]> Keys);
