using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Secrets;

/// <summary>
/// Settings under "KeyEncryption": the key-encryption key (KEK) that wraps every key file of a
/// service. It comes from outside the service's data: <see cref="Key"/> (or the environment
/// variable <c>KEY_ENCRYPTION_KEY</c>) or <see cref="KeyFile"/> (a mounted secret).
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "KeyEncryption";
    public const string EnvironmentVariable = "KEY_ENCRYPTION_KEY";

    /// <summary>32 random bytes in base64.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the KEK in base64, for example a mounted secret.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Wraps a key file found unwrapped (written before keys were wrapped) instead of refusing to start. Always on in Development.</summary>
    public bool WrapUnwrappedKeyFiles { get; set; }

    /// <summary>
    /// Makes a key file that does not exist yet (a first start) instead of refusing to start. Always
    /// on in Development; elsewhere a missing key file is a lost or unmounted key, which a new one would
    /// silently replace (tokens no longer valid, encrypted records unreadable).
    /// </summary>
    public bool CreateMissingKeyFiles { get; set; }
}

/// <summary>
/// A key file whose key material is wrapped (AES-256-GCM) by the key-encryption key: the file
/// alone, or a backup that holds it, decrypts nothing. The purpose is bound to the wrapping, so a
/// key file put in the place of another one does not open.
/// </summary>
public sealed class WrappedKeyFile
{
    /// <summary>The file's marker; anything else in a key file's place is an unwrapped key.</summary>
    public const string Format = "wrapped-key/v1";

    /// <summary>In Development only, where no KEK is given: a generated one, in this file next to the key file.</summary>
    public const string DevelopmentKekFileName = "development-key-encryption-key";

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly byte[] _kek;
    private readonly bool _wrapUnwrapped;
    private readonly bool _createMissing;

    public WrappedKeyFile(string path, string purpose, byte[] kek, bool wrapUnwrapped = false, bool createMissing = false)
    {
        if (kek.Length != KeySize)
        {
            throw new InvalidOperationException($"The key-encryption key must be {KeySize} bytes (AES-256); this one is {kek.Length}.");
        }

        Path = path;
        Purpose = purpose;
        _kek = kek;
        _wrapUnwrapped = wrapUnwrapped;
        _createMissing = createMissing;
    }

    public string Path { get; }
    public string Purpose { get; }

    /// <summary>
    /// The key file at <paramref name="configuredPath"/> (relative to the content root; by default
    /// <c>keys/{defaultName}</c> there), wrapped by the KEK the configuration gives. Outside
    /// Development a missing KEK stops the start; in Development one is generated next to the key file.
    /// Outside Development a missing key file stops the start too, unless
    /// <c>KeyEncryption:CreateMissingKeyFiles</c> allows making it.
    /// </summary>
    public static WrappedKeyFile Open(IConfiguration configuration, IHostEnvironment environment, string purpose, string? configuredPath, string defaultName)
    {
        var path = System.IO.Path.GetFullPath(configuredPath is { Length: > 0 } configured
            ? System.IO.Path.Combine(environment.ContentRootPath, configured)
            : System.IO.Path.Combine(environment.ContentRootPath, "keys", defaultName));
        var options = configuration.GetSection(KeyEncryptionOptions.Section).Get<KeyEncryptionOptions>() ?? new KeyEncryptionOptions();
        var development = environment.IsDevelopment();
        var kek = ConfiguredKek(options, configuration[KeyEncryptionOptions.EnvironmentVariable])
            ?? (development
                ? DevelopmentKek(System.IO.Path.GetDirectoryName(path)!)
                : throw new InvalidOperationException(
                    $"No key-encryption key is configured, so the key file {path} cannot be opened and the service does not start. " +
                    $"Set the environment variable {KeyEncryptionOptions.EnvironmentVariable} (or {KeyEncryptionOptions.Section}:Key) to 32 random bytes in base64, " +
                    $"or {KeyEncryptionOptions.Section}:KeyFile to a mounted secret file holding them. Only Development generates one."));
        return new WrappedKeyFile(path, purpose, kek, development || options.WrapUnwrappedKeyFiles, development || options.CreateMissingKeyFiles);
    }

    public bool Exists => File.Exists(Path);

    /// <summary>The key material; throws when the file is missing, unwrapped (unless allowed), or wrapped by another KEK or for another purpose.</summary>
    public byte[] Read()
    {
        var text = File.ReadAllText(Path);
        var content = TryParse(text);
        if (content is null)
        {
            if (!_wrapUnwrapped)
            {
                throw new InvalidOperationException(
                    $"The key file {Path} holds an unwrapped key; keys are kept only wrapped by the key-encryption key. " +
                    $"Start once with {KeyEncryptionOptions.Section}:WrapUnwrappedKeyFiles=true to wrap it in place.");
            }

            var material = Encoding.UTF8.GetBytes(text);
            Write(material);
            return material;
        }

        if (content.Purpose != Purpose)
        {
            throw new InvalidOperationException($"The key file {Path} holds a key for '{content.Purpose}', not for '{Purpose}'.");
        }

        if (content.Kek != KekId(_kek))
        {
            throw new InvalidOperationException(
                $"The key file {Path} is wrapped by another key-encryption key (id {content.Kek}) than the one configured (id {KekId(_kek)}).");
        }

        var wrapped = Convert.FromBase64String(content.Wrapped);
        var length = wrapped.Length - NonceSize - TagSize;
        if (length < 0)
        {
            throw new InvalidOperationException($"The key file {Path} is truncated.");
        }

        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_kek, TagSize);
            aes.Decrypt(wrapped.AsSpan(0, NonceSize), wrapped.AsSpan(NonceSize, length), wrapped.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(Purpose));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"The key file {Path} does not open with the configured key-encryption key (altered or wrapped by another key).", ex);
        }

        return plaintext;
    }

    /// <summary>Wraps and writes the key material, replacing the file at once (a crash leaves the old file or the new one, never half of one).</summary>
    public void Write(byte[] material)
    {
        var wrapped = new byte[NonceSize + material.Length + TagSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_kek, TagSize))
        {
            aes.Encrypt(nonce, material, wrapped.AsSpan(NonceSize, material.Length), wrapped.AsSpan(NonceSize + material.Length), Encoding.UTF8.GetBytes(Purpose));
        }

        var text = JsonSerializer.Serialize(new Content(Format, Purpose, KekId(_kek), Convert.ToBase64String(wrapped)), Json);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        WriteOwnerOnly(temporary, text, FileMode.CreateNew);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Reads the key material, or makes it and writes it when the file does not exist yet (if allowed: else the start stops).</summary>
    public byte[] ReadOrCreate(Func<byte[]> create)
    {
        if (Exists)
        {
            return Read();
        }

        if (!_createMissing)
        {
            throw new InvalidOperationException(
                $"The key file {Path} ({Purpose}) does not exist, so the service does not start: a new key would silently replace a lost or unmounted one. " +
                $"Mount the key file, or, for a first start only, set {KeyEncryptionOptions.Section}:CreateMissingKeyFiles=true to make it. Only Development makes one unasked.");
        }

        var material = create();
        Write(material);
        return material;
    }

    /// <summary>A short, public id of a KEK (a hash prefix), so a file says which KEK wraps it without revealing it.</summary>
    public static string KekId(byte[] kek) => Convert.ToHexString(SHA256.HashData(kek))[..16].ToLowerInvariant();

    private static byte[]? ConfiguredKek(KeyEncryptionOptions options, string? environmentKey)
    {
        var base64 = options.Key is { Length: > 0 } key ? key
            : environmentKey is { Length: > 0 } fromEnvironment ? fromEnvironment
            : options.KeyFile is { Length: > 0 } file ? ReadSecretFile(file)
            : null;
        if (base64 is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The key-encryption key ({KeyEncryptionOptions.EnvironmentVariable}, {KeyEncryptionOptions.Section}:Key or :KeyFile) is not base64.");
        }
    }

    private static string ReadSecretFile(string file) =>
        File.Exists(file)
            ? File.ReadAllText(file)
            : throw new InvalidOperationException($"{KeyEncryptionOptions.Section}:KeyFile names {file}, which does not exist: the key-encryption key is missing.");

    private static byte[] DevelopmentKek(string directory)
    {
        var path = System.IO.Path.Combine(directory, DevelopmentKekFileName);
        Directory.CreateDirectory(directory);
        if (!File.Exists(path))
        {
            // Written whole, then moved into place: a service starting at the same moment reads the
            // winner's key, never a half-written file.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            WriteOwnerOnly(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)), FileMode.CreateNew);
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    private static void WriteOwnerOnly(string path, string text, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static Content? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<Content>(text, Json) is { Format: Format, Purpose: not null, Kek: not null, Wrapped: not null } content ? content : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Content(string Format, string Purpose, string Kek, string Wrapped);
}
