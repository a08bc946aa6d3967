using System.Globalization;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Configuration;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>
/// DHIS2's import options, with its names and values: importStrategy CREATE, UPDATE or
/// CREATE_AND_UPDATE (default); importMode COMMIT (default) or VALIDATE (a dry run);
/// atomicMode OBJECT (default: a bad row rejects that row only) or ALL (any bad row rejects the file).
/// </summary>
public sealed record ImportOptions(string ImportStrategy, string ImportMode, string AtomicMode)
{
    public const string Create = "CREATE", Update = "UPDATE", CreateAndUpdate = "CREATE_AND_UPDATE";
    public const string Commit = "COMMIT", ValidateOnly = "VALIDATE";
    public const string PerObject = "OBJECT", All = "ALL";

    public static readonly CodeList Strategies = new("importStrategy", ["importStrategy", "ImportResponse.importStrategy"],
        (Create, "Create new records only"), (Update, "Update existing records only"), (CreateAndUpdate, "Create and update"));

    public static readonly CodeList Modes = new("importMode", ["importMode", "ImportResponse.importMode"], (Commit, "Commit"), (ValidateOnly, "Validate only (a dry run)"));

    public static readonly CodeList AtomicModes = new("atomicMode", ["atomicMode", "ImportResponse.atomicMode"],
        (PerObject, "Per row (a bad row rejects that row only)"), (All, "All (any bad row rejects the file)"));

    public bool Creates => ImportStrategy is Create or CreateAndUpdate;
    public bool Updates => ImportStrategy is Update or CreateAndUpdate;

    public static ImportOptions Parse(string? strategy, string? mode, string? atomic, ValidationErrors errors)
    {
        var options = new ImportOptions(
            strategy?.ToUpperInvariant() ?? CreateAndUpdate,
            mode?.ToUpperInvariant() ?? Commit,
            atomic?.ToUpperInvariant() ?? PerObject);
        errors.OneOf("importStrategy", options.ImportStrategy, Strategies)
            .OneOf("importMode", options.ImportMode, Modes)
            .OneOf("atomicMode", options.AtomicMode, AtomicModes);
        return options;
    }
}

/// <summary>
/// "Imports:MaxUploadBytes": the one upload limit (50 MB unless configured). The gateway's route
/// limits, the services' Kestrel limit, the import endpoints' check and answer, and their OpenAPI
/// description all read it here, so that they cannot disagree.
/// </summary>
public sealed class UploadLimit
{
    public const string Setting = "Imports:MaxUploadBytes";
    public const long DefaultBytes = 50L * 1024 * 1024;

    public long MaxUploadBytes { get; init; } = DefaultBytes;

    public static UploadLimit From(IConfiguration configuration)
    {
        var bytes = configuration.GetValue(Setting, DefaultBytes);
        return bytes > 0 ? new UploadLimit { MaxUploadBytes = bytes } : throw new InvalidOperationException($"{Setting} must be a positive number of bytes.");
    }

    /// <summary>"52428800 bytes (50 MB)": the limit as every message and document states it.</summary>
    public string Describe() => MaxUploadBytes >= 1024 * 1024 && MaxUploadBytes % (1024 * 1024) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{MaxUploadBytes} bytes ({MaxUploadBytes / 1024 / 1024} MB)")
        : string.Create(CultureInfo.InvariantCulture, $"{MaxUploadBytes} bytes");
}
