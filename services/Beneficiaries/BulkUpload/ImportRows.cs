using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Imports;

namespace JusticePlatform.Beneficiaries.BulkUpload;

/// <summary>Row <see cref="Row"/> (1 = the first data row) read into a request, or the reason it could not be read.</summary>
public sealed record ImportRow(int Row, Guid? Id, BeneficiaryRequest? Request, ImportError? Error) : IImportRow;

/// <summary>
/// Reads an upload into rows. CSV: one row per beneficiary, headers named like the JSON fields
/// (nested ones flattened: consentGiven, disabilitySeeing, membersFemaleAdults …), lists
/// separated by spaces or semicolons as KoboToolbox exports select_multiple answers. JSON: an
/// array of registration objects, or {"beneficiaries": [...]}. A row that cannot be read is
/// rejected alone; the others are still read.
/// </summary>
public static class ImportRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    /// <summary>The rows one at a time, as the file is read: only the current row is held.</summary>
    public static IEnumerable<ImportRow> Rows(string format, Stream payload) =>
        ImportFiles.Readable(format, format == "csv" ? ReadCsv(payload) : ReadJson(payload));

    private static IEnumerable<ImportRow> ReadJson(Stream payload)
    {
        var number = 0;
        foreach (var element in ImportFiles.JsonArrayElements(payload, "beneficiaries"))
        {
            number++;
            ImportRow row;
            try
            {
                var request = element.Deserialize<BeneficiaryRequest>(Json) ?? throw new JsonException("The row is empty.");
                Guid? id = element.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetGuid() : null;
                row = new ImportRow(number, id, request, null);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                row = new ImportRow(number, null, null, ImportFiles.JsonTypeError(number, e));
            }

            yield return row;
        }
    }

    private static IEnumerable<ImportRow> ReadCsv(Stream payload)
    {
        foreach (var line in ImportFiles.CsvLines(payload))
        {
            var number = line.Number;
            var row = new CsvRow(line.Csv, line.Columns);
            ImportRow read;
            try
            {
                read = new ImportRow(number, row.Guid("id"), row.ToRequest(), null);
            }
            catch (CsvFieldException e)
            {
                read = new ImportRow(number, null, null, new ImportError(number, e.Field, "invalid_value", e.Message));
            }

            yield return read;
        }
    }

    private sealed class CsvFieldException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>Typed access to one CSV row by header name; an unparseable cell names its column.</summary>
    private sealed class CsvRow(CsvReader csv, IReadOnlyDictionary<string, int> columns)
    {
        public BeneficiaryRequest ToRequest() => new(
            Text("kind"), Text("givenName"), Text("familyName"), Text("groupName"), Text("sex"),
            Date("birthDate"), Int("estimatedAge"), Date("estimatedAgeAt"),
            AnyOf("disabilitySeeing", "disabilityHearing", "disabilityWalking", "disabilityCognition", "disabilitySelfCare", "disabilityCommunication")
                ? new DisabilityRequest(Int("disabilitySeeing"), Int("disabilityHearing"), Int("disabilityWalking"), Int("disabilityCognition"), Int("disabilitySelfCare"), Int("disabilityCommunication"))
                : null,
            Text("displacementStatus"), Text("communePcode"), List("vulnerabilities"), List("roles"), Text("phone"),
            AnyOf("consentGiven", "consentDate", "consentScope") ? new ConsentRequest(Bool("consentGiven"), Date("consentDate"), List("consentScope")) : null,
            AnyOf("membersFemaleChildren", "membersMaleChildren", "membersFemaleAdults", "membersMaleAdults")
                ? new GroupMembersRequest(Int("membersFemaleChildren"), Int("membersMaleChildren"), Int("membersFemaleAdults"), Int("membersMaleAdults"))
                : null);

        public string? Text(string name) =>
            columns.TryGetValue(name, out var index) && index < csv.FieldCount && csv.GetString(index) is { Length: > 0 } value ? value.Trim() : null;

        public Guid? Guid(string name) => Parse(name, v => System.Guid.TryParse(v, out var g) ? g : (Guid?)null, "must be a UUID.");

        private bool AnyOf(params string[] names) => names.Any(n => Text(n) is not null);

        private int? Int(string name) => Parse(name, v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : (int?)null, "must be a whole number.");

        private DateOnly? Date(string name) =>
            Parse(name, v => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null, "must be a date (yyyy-mm-dd).");

        private bool? Bool(string name) => Parse(name, v => v.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" or "oui" => true,
            "false" or "no" or "0" or "non" => (bool?)false,
            _ => null,
        }, "must be true or false.");

        private List<string>? List(string name) =>
            Text(name)?.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        private T? Parse<T>(string name, Func<string, T?> parse, string message)
        {
            if (Text(name) is not { } value) return default;
            return parse(value) is { } parsed ? parsed : throw new CsvFieldException(name, message);
        }
    }
}
