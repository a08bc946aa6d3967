using JusticePlatform.BuildingBlocks.Http;

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

    public bool Creates => ImportStrategy is Create or CreateAndUpdate;
    public bool Updates => ImportStrategy is Update or CreateAndUpdate;

    public static ImportOptions Parse(string? strategy, string? mode, string? atomic, ValidationErrors errors)
    {
        var options = new ImportOptions(
            strategy?.ToUpperInvariant() ?? CreateAndUpdate,
            mode?.ToUpperInvariant() ?? Commit,
            atomic?.ToUpperInvariant() ?? PerObject);
        errors.OneOf("importStrategy", options.ImportStrategy, [Create, Update, CreateAndUpdate])
            .OneOf("importMode", options.ImportMode, [Commit, ValidateOnly])
            .OneOf("atomicMode", options.AtomicMode, [PerObject, All]);
        return options;
    }
}
