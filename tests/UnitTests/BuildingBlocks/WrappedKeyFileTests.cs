using System.Security.Cryptography;
using System.Text;
using JusticePlatform.BuildingBlocks.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class WrappedKeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wrapped-key-file-").FullName;
    private readonly byte[] _kek = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private string KeyPath => Path.Combine(_directory, "key.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_key_file_holds_the_key_material_only_wrapped()
    {
        var material = Encoding.UTF8.GetBytes($"{{\"keys\":{{\"k1\":\"{Convert.ToBase64String(_key)}\"}}}}");

        new WrappedKeyFile(KeyPath, "test-keys", _kek).Write(material);

        var onDisk = File.ReadAllBytes(KeyPath);
        Assert.DoesNotContain(Convert.ToBase64String(_key), Encoding.UTF8.GetString(onDisk));
        Assert.False(onDisk.AsSpan().IndexOf(_key) >= 0);
        Assert.False(onDisk.AsSpan().IndexOf(material) >= 0);
        Assert.Equal(material, new WrappedKeyFile(KeyPath, "test-keys", _kek).Read());
    }

    [Fact]
    public void Without_its_key_encryption_key_the_key_file_does_not_open()
    {
        new WrappedKeyFile(KeyPath, "test-keys", _kek).Write(_key);

        var refused = Assert.Throws<InvalidOperationException>(() => new WrappedKeyFile(KeyPath, "test-keys", RandomNumberGenerator.GetBytes(32)).Read());
        Assert.Contains("another key-encryption key", refused.Message);
    }

    [Fact]
    public void A_key_file_altered_on_disk_does_not_open()
    {
        new WrappedKeyFile(KeyPath, "test-keys", _kek).Write(_key);
        var content = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(KeyPath))!;
        var bytes = Convert.FromBase64String(content["wrapped"]!.GetValue<string>());
        bytes[^1] ^= 1;
        content["wrapped"] = Convert.ToBase64String(bytes);
        File.WriteAllText(KeyPath, content.ToJsonString());

        Assert.Throws<InvalidOperationException>(() => new WrappedKeyFile(KeyPath, "test-keys", _kek).Read());
    }

    [Fact]
    public void A_key_file_of_another_purpose_does_not_open()
    {
        new WrappedKeyFile(KeyPath, "identity-signing-key", _kek).Write(_key);

        Assert.Throws<InvalidOperationException>(() => new WrappedKeyFile(KeyPath, "grievances-key-ring", _kek).Read());
    }

    [Fact]
    public void An_unwrapped_key_file_is_refused_unless_wrapping_it_is_allowed()
    {
        File.WriteAllText(KeyPath, "-----BEGIN RSA PRIVATE KEY-----");

        var refused = Assert.Throws<InvalidOperationException>(() => new WrappedKeyFile(KeyPath, "test-keys", _kek).Read());
        Assert.Contains("unwrapped", refused.Message);

        Assert.Equal("-----BEGIN RSA PRIVATE KEY-----", Encoding.UTF8.GetString(new WrappedKeyFile(KeyPath, "test-keys", _kek, wrapUnwrapped: true).Read()));
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(KeyPath));
        Assert.Equal("-----BEGIN RSA PRIVATE KEY-----", Encoding.UTF8.GetString(new WrappedKeyFile(KeyPath, "test-keys", _kek).Read()));
    }

    [Fact]
    public void Outside_Development_a_missing_key_encryption_key_stops_the_start()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => WrappedKeyFile.Open(Settings(), Environment("Production"), "test-keys", KeyPath, "key.json"));

        Assert.Contains(KeyEncryptionOptions.EnvironmentVariable, refused.Message);
        Assert.False(File.Exists(Path.Combine(_directory, WrappedKeyFile.DevelopmentKekFileName)));
    }

    [Fact]
    public void In_Development_a_generated_key_encryption_key_is_kept_next_to_the_key_file()
    {
        var first = WrappedKeyFile.Open(Settings(), Environment(Environments.Development), "test-keys", KeyPath, "key.json");
        first.Write(_key);

        var again = WrappedKeyFile.Open(Settings(), Environment(Environments.Development), "test-keys", KeyPath, "key.json");

        Assert.True(File.Exists(Path.Combine(_directory, WrappedKeyFile.DevelopmentKekFileName)));
        Assert.Equal(_key, again.Read());
    }

    [Fact]
    public void The_key_encryption_key_can_come_from_a_mounted_secret_file_or_the_environment_variable()
    {
        var secret = Path.Combine(_directory, "kek-secret");
        File.WriteAllText(secret, Convert.ToBase64String(_kek) + "\n");
        WrappedKeyFile.Open(Settings(("KeyEncryption:KeyFile", secret)), Environment("Production"), "test-keys", KeyPath, "key.json").Write(_key);

        var read = WrappedKeyFile.Open(Settings((KeyEncryptionOptions.EnvironmentVariable, Convert.ToBase64String(_kek))), Environment("Production"), "test-keys", KeyPath, "key.json").Read();

        Assert.Equal(_key, read);
    }

    [Fact]
    public void A_relative_key_file_path_starts_at_the_content_root_and_the_default_is_its_keys_folder()
    {
        var settings = Settings(("KeyEncryption:Key", Convert.ToBase64String(_kek)));

        Assert.Equal(Path.Combine(_directory, "keys", "ring.json"), WrappedKeyFile.Open(settings, Environment("Production"), "p", null, "ring.json").Path);
        Assert.Equal(Path.Combine(_directory, "elsewhere", "ring.json"), WrappedKeyFile.Open(settings, Environment("Production"), "p", "elsewhere/ring.json", "x").Path);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private TestEnvironment Environment(string name) => new() { EnvironmentName = name, ContentRootPath = _directory };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
