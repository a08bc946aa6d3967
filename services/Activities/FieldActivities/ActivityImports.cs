using System.Globalization;
using System.Text.Json;
using CsvHelper;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>One activity of an upload, read into the same request as a single create, or the reason it could not be read.</summary>
public sealed record ActivityRow(int Row, ActivityRequest? Request, ImportError? Error) : IImportRow;

/// <summary>
/// Planned activities uploaded in bulk, as field offices keep their work plans in spreadsheets.
/// JSON: an array of the objects POST /api/v1/activities takes (or {"activities": [...]}). CSV:
/// one activity per row, headers named like the JSON fields, the planned cost flattened
/// (plannedCostAmount, plannedCostCurrency, plannedCostValueDate) and resultIds / indicatorIds as
/// ids separated by spaces or semicolons. Every row meets the rules of a single create
/// (<see cref="ActivityRequest.Validate"/> and <see cref="ActivityRules"/>): the uploading partner
/// owns the rows, and only programs it is a member of take them.
/// </summary>
public sealed class ActivityImports : IImportHandler
{
    public const string KindName = "activities";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => KindName;

    public IEnumerable<IImportRow> ReadRows(string format, Stream payload) =>
        ImportFiles.Readable(format, format == "csv" ? ReadCsv(payload) : ReadJson(payload));

    public IReadOnlyList<ImportError> Check(IImportRow row, ImportOptions options, DateOnly today)
    {
        if (!options.Creates)
        {
            return [new(row.Row, "row", "update_not_allowed", "Activities are only created by upload: use importStrategy CREATE or CREATE_AND_UPDATE.")];
        }

        return ((ActivityRow)row).Request!.Validate().Fields
            .SelectMany(f => f.Value.Select(message => new ImportError(row.Row, f.Key, "invalid_value", message))).ToList();
    }

    public async Task<ChunkResult> WriteAsync(ServiceDbContext context, ImportJob job, IReadOnlyList<IImportRow> chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = (ActivitiesDbContext)context;
        var rows = chunk.Cast<ActivityRow>().ToList();
        var requests = rows.Select(r => r.Request!).ToList();

        // Programs as the uploading partner sees them: another consortium's program is not found, as in a single create.
        var programs = new Dictionary<Guid, ActivityProgram?>();
        foreach (var programId in requests.Select(r => r.ProgramId!.Value).Distinct())
        {
            programs[programId] = await db.FindVisibleAsync(programId, cancellationToken);
        }

        var links = await FrameworkLinks.LoadAsync(db, programs.Keys.ToList(), requests, cancellationToken);
        var errors = new List<ImportError>();
        var created = 0;
        foreach (var row in rows)
        {
            var program = programs[row.Request!.ProgramId!.Value];
            var breaks = ActivityRules.Membership(program, job.PartnerId) is { } notMember
                ? [notMember]
                : ActivityRules.Links(program!, row.Request, links).ToList();
            if (breaks.Count > 0)
            {
                errors.AddRange(breaks.Select(b => new ImportError(row.Row, b.Field, b.Code, b.Message)));
                continue;
            }

            ActivityRules.AddNew(db, program!, row.Request, job.PartnerId, now);
            created++;
        }

        return new ChunkResult(created, 0, 0, errors);
    }

    private static IEnumerable<ActivityRow> ReadJson(Stream payload)
    {
        var number = 0;
        foreach (var element in ImportFiles.JsonArrayElements(payload, "activities"))
        {
            number++;
            ActivityRow row;
            try
            {
                var request = element.ValueKind == JsonValueKind.Object ? element.Deserialize<ActivityRequest>(Json) : null;
                row = request is null
                    ? new ActivityRow(number, null, new ImportError(number, "row", "invalid_value", "must be an object."))
                    : new ActivityRow(number, request, null);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                var field = (e as JsonException)?.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "row";
                row = new ActivityRow(number, null, new ImportError(number, field, "invalid_value", "The value is not of the expected type."));
            }

            yield return row;
        }
    }

    private static IEnumerable<ActivityRow> ReadCsv(Stream payload)
    {
        // The separator is fixed: the id lists may hold semicolons.
        using var csv = CsvReader.Create(payload, new CsvReaderOptions { Separator = ',', TrimWhitespace = true }, leaveOpen: true);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < csv.Headers.Count; i++)
        {
            columns.TryAdd(csv.Headers[i].Trim(), i);
        }

        var number = 0;
        while (csv.Read())
        {
            number++;
            var cells = new CsvCells(csv, columns);
            ActivityRow row;
            try
            {
                row = new ActivityRow(number, cells.ToRequest(), null);
            }
            catch (CsvCellException e)
            {
                row = new ActivityRow(number, null, new ImportError(number, e.Field, "invalid_value", e.Message));
            }

            yield return row;
        }
    }

    private sealed class CsvCellException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>Typed access to one CSV row by header name; a cell that cannot be read names its column (never its value).</summary>
    private sealed class CsvCells(CsvReader csv, Dictionary<string, int> columns)
    {
        public ActivityRequest ToRequest() => new(
            Guid("programId"), Text("title"), Text("type"), GuidList("resultIds"), GuidList("indicatorIds"), Text("communePcode"),
            Date("plannedStart"), Date("plannedEnd"),
            Text("plannedCostAmount") is not null || Text("plannedCostCurrency") is not null || Text("plannedCostValueDate") is not null
                ? new MoneyRequest(Decimal("plannedCostAmount"), Text("plannedCostCurrency"), Date("plannedCostValueDate"))
                : null,
            Guid("budgetLineId"));

        private string? Text(string name) =>
            columns.TryGetValue(name, out var index) && index < csv.FieldCount && csv.GetString(index) is { Length: > 0 } value ? value.Trim() : null;

        private Guid? Guid(string name) => Parse(name, v => System.Guid.TryParse(v, out var g) ? g : (Guid?)null, "must be a UUID.");

        private decimal? Decimal(string name) =>
            Parse(name, v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null, "must be a number (a dot before decimals).");

        private DateOnly? Date(string name) =>
            Parse(name, v => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null, "must be a date (yyyy-mm-dd).");

        private List<Guid>? GuidList(string name)
        {
            if (Text(name) is not { } value) return null;
            var ids = new List<Guid>();
            foreach (var part in value.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ids.Add(System.Guid.TryParse(part, out var id) ? id : throw new CsvCellException(name, "must be UUIDs separated by spaces or semicolons."));
            }

            return ids;
        }

        private T? Parse<T>(string name, Func<string, T?> parse, string message)
        {
            if (Text(name) is not { } value) return default;
            return parse(value) is { } parsed ? parsed : throw new CsvCellException(name, message);
        }
    }
}
