using System.Collections.Frozen;
using System.Xml.Linq;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.BuildingBlocks.Currencies;

/// <summary>
/// The ISO 4217 currencies the platform accepts, with their minor units (digits after the decimal
/// point). The codes come from the IATI Currency code list (services/Activities/Iati/Schema/codelists/Currency.xml,
/// built into this assembly), so that what a grant, a cost or a rate may use is what an IATI file may carry.
/// Accepting a currency says nothing of converting it: a conversion still needs an entered rate.
/// </summary>
public static class Iso4217
{
    /// <summary>The refusal of a code that is not an accepted ISO 4217 currency.</summary>
    public const string UnknownMessage = "is not an ISO 4217 currency code.";

    /// <summary>
    /// ISO 4217 list one, column "Minor unit", for the codes whose minor unit is not 2. Every other
    /// accepted code has 2 (ISO 4217).
    /// </summary>
    private static readonly Dictionary<string, int> NotTwoDecimals = new(StringComparer.Ordinal)
    {
        // ISO 4217: no minor unit.
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        // ISO 4217: three decimals.
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        // ISO 4217: four decimals (Unidad de Fomento, a Chilean unit of account).
        ["CLF"] = 4,
    };

    /// <summary>
    /// Codes of the IATI list left out: XBT (Bitcoin) is no ISO 4217 code, and ISO 4217 gives the
    /// Special Drawing Right (XDR) no minor unit, so no amount in it could be rounded.
    /// </summary>
    private static readonly HashSet<string> NotCurrencies = ["XBT", "XDR"];

    private static readonly FrozenDictionary<string, int> Digits = Load();

    /// <summary>Every accepted code, in alphabetical order.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. Digits.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The digits after the decimal point of <paramref name="code"/> (JPY 0, EUR 2, KWD 3); false for a code not accepted.</summary>
    public static bool TryMinorUnits(string? code, out int minorUnits)
    {
        minorUnits = 0;
        return code is not null && Digits.TryGetValue(code, out minorUnits);
    }

    /// <summary>
    /// The currency code list of a service. Each code is its own label: the code reads the same in
    /// every language, and a partner's documents name currencies by their codes.
    /// </summary>
    public static CodeList CodeList(string name, IReadOnlyList<string> fields) =>
        new(name, fields, [.. Codes.Select(code => (code, code))]);

    /// <summary>Refuses a missing (when <paramref name="required"/>) or unknown currency code, naming <paramref name="field"/>.</summary>
    public static ValidationErrors Currency(this ValidationErrors errors, string field, string? code, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return required ? errors.Add(field, "is required.") : errors;
        }

        return Digits.ContainsKey(code) ? errors : errors.Add(field, UnknownMessage);
    }

    // Withdrawn codes (status="withdrawn": BYR, MRO, VEF, ...) are refused: ISO 4217 replaced them and no new amount is in them.
    private static FrozenDictionary<string, int> Load()
    {
        using var stream = typeof(Iso4217).Assembly.GetManifestResourceStream("JusticePlatform.BuildingBlocks.Currencies.Currency.xml")
            ?? throw new InvalidOperationException("The IATI Currency code list is not built into BuildingBlocks.");
        return XDocument.Load(stream).Descendants("codelist-item")
            .Where(item => item.Attribute("status")?.Value != "withdrawn")
            .Select(item => item.Element("code")!.Value.Trim())
            .Where(code => !NotCurrencies.Contains(code))
            .ToFrozenDictionary(code => code, code => NotTwoDecimals.GetValueOrDefault(code, 2), StringComparer.Ordinal);
    }
}
