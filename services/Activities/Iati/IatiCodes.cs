using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;

namespace JusticePlatform.Activities.Iati;

/// <summary>The platform's values and the IATI 2.03 codes they stand for, both ways.</summary>
public static class IatiCodes
{
    public const string Version = "2.03";
    public const string Mali = "ML";

    /// <summary>OrganisationRole.</summary>
    public const string Funding = "1", Accountable = "2", Extending = "3", Implementing = "4";

    /// <summary>SectorVocabulary 1: OECD DAC CRS purpose codes, five digits.</summary>
    public const string DacFiveDigit = "1";

    /// <summary>ResultVocabulary and IndicatorVocabulary 99: the reporting organisation's own references.</summary>
    public const string ReportingOrganisationVocabulary = "99";

    /// <summary>OrganisationType 22: national NGO, the partners of the platform.</summary>
    public const string NationalNgo = "22";

    /// <summary>ActivityDateType.</summary>
    public const string PlannedStart = "1", ActualStart = "2", PlannedEnd = "3", ActualEnd = "4";

    private static readonly Dictionary<string, string> Statuses = new()
    {
        ["planned"] = "1", ["active"] = "2", ["closed"] = "4", ["suspended"] = "6",
    };

    private static readonly Dictionary<string, string> ResultTypeCodes = new() { ["output"] = "1", ["outcome"] = "2", ["impact"] = "3" };

    private static readonly Dictionary<string, string> MeasureCodes = new()
    {
        [Measures.Unit] = "1", [Measures.Percentage] = "2", [Measures.Qualitative] = "5",
    };

    public static string StatusCode(string status) => Statuses.GetValueOrDefault(status, "2");

    /// <summary>The status an IATI ActivityStatus code means here: 3 (finalisation) is still active, 5 (cancelled) is closed.</summary>
    public static string? StatusOf(string code) => code switch
    {
        "1" => "planned", "2" or "3" => "active", "4" or "5" => "closed", "6" => "suspended", _ => null,
    };

    public static string ResultTypeCode(string type) => ResultTypeCodes[type];

    public static string? ResultTypeOf(string code) => ResultTypeCodes.FirstOrDefault(p => p.Value == code).Key;

    public static string MeasureCode(string measure) => MeasureCodes[measure];

    public static string? MeasureOf(string code) => MeasureCodes.FirstOrDefault(p => p.Value == code).Key;

    /// <summary>
    /// A consortium member's OrganisationRole: the lead is accountable; it extends funds to the
    /// others, which implement (a technical or monitoring partner is reported as implementing too).
    /// </summary>
    public static IEnumerable<string> RolesOf(string memberRole, bool hasOtherMembers) => memberRole == MemberRoles.Lead
        ? hasOtherMembers ? [Accountable, Extending] : [Accountable, Implementing]
        : [Implementing];
}
