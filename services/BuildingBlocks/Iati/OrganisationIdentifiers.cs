using System.Text.RegularExpressions;

namespace JusticePlatform.BuildingBlocks.Iati;

/// <summary>
/// IATI organisation identifiers (XM-DAC-41146, US-GOV-1, XI-IATI-EC_INTPA): the registration agency's
/// prefix, two capital letters then its code, and the organisation's id in that registry, joined by
/// hyphens. IATI forbids spaces and / &amp; | ?; between hyphens the platform keeps letters, digits, '_'
/// and '.'. One rule for every service that stores or checks one.
/// </summary>
public static partial class OrganisationIdentifiers
{
    public const int MaxLength = 100;

    [GeneratedRegex("^[A-Z]{2}(-[A-Za-z0-9_.]+)+$")]
    public static partial Regex Pattern();

    public static bool IsWellFormed(string value) => value.Length <= MaxLength && Pattern().IsMatch(value);
}
