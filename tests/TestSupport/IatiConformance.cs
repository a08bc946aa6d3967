using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace JusticePlatform.TestSupport;

/// <summary>
/// Checks an IATI activity file against the official IATI 2.03 schema (iati-activities-schema.xsd,
/// iati-common.xsd, xml.xsd) and code lists, read from the copies checked in with the Activities
/// service and copied next to the tests (iati/).
/// </summary>
public static class IatiConformance
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "iati");

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(null, Path.Combine(Folder, "iati-activities-schema.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Element paths (from iati-activity) and their coded attribute, with the code list each draws from.</summary>
    private static readonly (string Path, string Attribute, string CodeList)[] Coded =
    [
        ("", "default-currency", "Currency"),
        ("reporting-org", "type", "OrganisationType"),
        ("participating-org", "role", "OrganisationRole"),
        ("activity-status", "code", "ActivityStatus"),
        ("activity-date", "type", "ActivityDateType"),
        ("recipient-country", "code", "Country"),
        ("location/location-reach", "code", "GeographicLocationReach"),
        ("location/administrative", "vocabulary", "GeographicVocabulary"),
        ("sector", "vocabulary", "SectorVocabulary"),
        ("sector", "code", "Sector"),
        ("budget", "type", "BudgetType"),
        ("budget", "status", "BudgetStatus"),
        ("budget/value", "currency", "Currency"),
        ("transaction/transaction-type", "code", "TransactionType"),
        ("transaction/value", "currency", "Currency"),
        ("result", "type", "ResultType"),
        ("result/reference", "vocabulary", "ResultVocabulary"),
        ("result/indicator", "measure", "IndicatorMeasure"),
        ("result/indicator/reference", "vocabulary", "IndicatorVocabulary"),
    ];

    /// <summary>The schema's complaints about the file; none when it is valid.</summary>
    public static IReadOnlyList<string> SchemaErrors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    /// <summary>Every coded attribute whose value its IATI code list does not hold, and every coded attribute the file should have and lacks none of.</summary>
    public static IReadOnlyList<string> UnknownCodes(string xml)
    {
        var document = XDocument.Parse(xml);
        var unknown = new List<string>();
        foreach (var activity in document.Root!.Elements("iati-activity"))
        {
            foreach (var (path, attribute, list) in Coded)
            {
                IEnumerable<XElement> elements = [activity];
                foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    elements = elements.Elements(name);
                }

                var codes = CodeList(list);
                unknown.AddRange(elements.Select(e => e.Attribute(attribute)?.Value).OfType<string>()
                    .Where(value => !codes.Contains(value)).Select(value => $"{path}/@{attribute}={value} is not in {list}"));
            }
        }

        return unknown;
    }

    public static IReadOnlySet<string> CodeList(string name) =>
        XDocument.Load(Path.Combine(Folder, "codelists", name + ".xml")).Descendants("codelist-item")
            .Select(i => i.Element("code")!.Value.Trim()).ToHashSet(StringComparer.Ordinal);
}
