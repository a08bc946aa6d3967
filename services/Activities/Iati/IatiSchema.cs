using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace JusticePlatform.Activities.Iati;

/// <summary>
/// The official IATI 2.03 activity schema and the code lists the platform writes, kept in
/// Iati/Schema (see its README for their source, version and licence) and built into the service.
/// </summary>
public static class IatiSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);
    private static readonly Lazy<Dictionary<string, HashSet<string>>> CodeLists = new(LoadCodeLists);

    /// <summary>Where each code the platform writes is checked: the attribute's element path and the code list it draws from.</summary>
    private static readonly (string Path, string Attribute, string CodeList)[] CodedAttributes =
    [
        ("iati-activity", "default-currency", "Currency"),
        ("iati-activity/reporting-org", "type", "OrganisationType"),
        ("iati-activity/participating-org", "role", "OrganisationRole"),
        ("iati-activity/activity-status", "code", "ActivityStatus"),
        ("iati-activity/activity-date", "type", "ActivityDateType"),
        ("iati-activity/recipient-country", "code", "Country"),
        ("iati-activity/location/location-reach", "code", "GeographicLocationReach"),
        ("iati-activity/location/administrative", "vocabulary", "GeographicVocabulary"),
        ("iati-activity/sector", "vocabulary", "SectorVocabulary"),
        ("iati-activity/sector", "code", "Sector"),
        ("iati-activity/budget", "type", "BudgetType"),
        ("iati-activity/budget", "status", "BudgetStatus"),
        ("iati-activity/budget/value", "currency", "Currency"),
        ("iati-activity/transaction/transaction-type", "code", "TransactionType"),
        ("iati-activity/transaction/value", "currency", "Currency"),
        ("iati-activity/result", "type", "ResultType"),
        ("iati-activity/result/reference", "vocabulary", "ResultVocabulary"),
        ("iati-activity/result/indicator", "measure", "IndicatorMeasure"),
        ("iati-activity/result/indicator/reference", "vocabulary", "IndicatorVocabulary"),
    ];

    /// <summary>The schema's errors, each with its line; none for a valid file.</summary>
    public static IReadOnlyList<string> Validate(XDocument document)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        settings.ValidationEventHandler += (_, e) => errors.Add($"line {e.Exception?.LineNumber}: {e.Message}");
        using var text = new StringReader(document.ToString(SaveOptions.DisableFormatting));
        using var reader = XmlReader.Create(text, settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    /// <summary>Every code the platform writes that its IATI code list does not hold, as "element/@attribute: code".</summary>
    public static IReadOnlyList<string> UnknownCodes(XDocument document)
    {
        var unknown = new List<string>();
        foreach (var (path, attribute, list) in CodedAttributes)
        {
            var names = path.Split('/');
            IEnumerable<XElement> elements = document.Root!.Elements(names[0]);
            foreach (var name in names.Skip(1))
            {
                elements = elements.Elements(name);
            }

            foreach (var value in elements.Select(e => e.Attribute(attribute)?.Value).OfType<string>())
            {
                if (!CodeLists.Value[list].Contains(value))
                {
                    unknown.Add($"{path}/@{attribute}: {value} is not in {list}");
                }
            }
        }

        return unknown;
    }

    /// <summary>The codes of one IATI code list ("Currency", "Sector").</summary>
    public static IReadOnlySet<string> Codes(string codeList) => CodeLists.Value[codeList];

    private static XmlSchemaSet Load()
    {
        // iati-activities-schema.xsd includes iati-common.xsd and imports xml.xsd: the resolver gives the built-in copies.
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedResolver() };
        using (var activities = Open("iati-activities-schema.xsd"))
        {
            set.Add(XmlSchema.Read(activities, null)!);
        }

        set.Compile();
        return set;
    }

    private static Dictionary<string, HashSet<string>> LoadCodeLists() => CodedAttributes.Select(c => c.CodeList).Distinct().ToDictionary(
        name => name,
        name =>
        {
            using var stream = Open($"codelists.{name}.xml");
            return XDocument.Load(stream).Descendants("codelist-item").Select(i => i.Element("code")!.Value.Trim()).ToHashSet(StringComparer.Ordinal);
        });

    private static Stream Open(string name) =>
        typeof(IatiSchema).Assembly.GetManifestResourceStream($"JusticePlatform.Activities.Iati.Schema.{name}")
        ?? throw new InvalidOperationException($"The IATI file {name} is not built into the service.");

    /// <summary>Resolves the schemas' includes and imports (iati-common.xsd, xml.xsd) from the built-in copies, never from the network.</summary>
    private sealed class EmbeddedResolver : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) => Open(Path.GetFileName(absoluteUri.LocalPath));
    }
}
