using System.Globalization;
using System.Text.Json;
using CsvHelper;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Projections.Grants;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>
/// One activity of an upload, read into the same request as a single create (and, for an activity
/// reported after the fact, what it did), or the reason it could not be read.
/// </summary>
public sealed record ActivityRow(int Row, ActivityRequest? Request, ActivityOutcome? Outcome, ImportError? Error) : IImportRow
{
    public ActivityRow(int row, ImportError error) : this(row, null, null, error)
    {
    }
}

/// <summary>
/// What an upload row adds to a single create to report a completed activity: status "completed",
/// the body of POST /api/v1/activities/{id}/complete (actual dates and cost), and the aggregate
/// reach counts of PUT /api/v1/activities/{id}/reach. Without them (or with status "planned") the
/// row is a planned activity.
/// </summary>
public sealed record ActivityOutcome(string? Status, DateOnly? ActualStart, DateOnly? ActualEnd, MoneyRequest? ActualCost, IReadOnlyList<ReachCellRequest>? AggregateReach)
{
    public bool Completed => Status == ActivityStatus.Completed;

    public CompleteRequest Completion => new(ActualStart, ActualEnd, ActualCost);

    /// <summary>The rules of the single complete and reach requests, with the fields named as in the upload.</summary>
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().OneOf("status", Status, [ActivityStatus.Planned, ActivityStatus.Completed], required: false);
        if (!Completed)
        {
            if (ActualStart is not null || ActualEnd is not null || ActualCost is not null || AggregateReach is { Count: > 0 })
            {
                errors.Add("status", "must be completed for a row with actual dates, actual cost or reach.");
            }

            return errors;
        }

        foreach (var (field, messages) in Completion.Validate(startedOn: null, today).Fields)
        {
            messages.ForEach(m => errors.Add(field, m));
        }

        foreach (var (field, messages) in new ReachRequest(AggregateReach ?? []).Validate().Fields)
        {
            messages.ForEach(m => errors.Add("aggregateReach" + field["cells".Length..], m));
        }

        return errors;
    }
}

/// <summary>
/// Activities uploaded in bulk, as field offices keep their work plans and reports in
/// spreadsheets. JSON: an array of the objects POST /api/v1/activities takes (or
/// {"activities": [...]}). CSV: one activity per row, headers named like the JSON fields, the
/// planned cost flattened (plannedCostAmount, plannedCostCurrency, plannedCostValueDate) and
/// resultIds / indicatorIds as ids separated by spaces or semicolons. Every row meets the rules of
/// a single create (<see cref="ActivityRequest.Validate"/> and <see cref="ActivityRules"/>): the
/// uploading partner owns the rows, and only programs it is a member of take them. A row with
/// status "completed" is an activity reported after the fact (<see cref="ActivityOutcome"/>): it
/// meets the rules of the single complete too and is completed the same way
/// (<see cref="ActivityRules.CompleteAsync"/>), publishing ActivityCompleted.
/// </summary>
public sealed class ActivityImports(MaliGazetteer gazetteer) : IImportHandler
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

        var activity = (ActivityRow)row;
        var errors = activity.Request!.Validate(today);
        if (activity.Outcome is { } outcome)
        {
            foreach (var (field, messages) in outcome.Validate(today).Fields)
            {
                messages.ForEach(m => errors.Add(field, m));
            }
        }

        return errors.Fields.SelectMany(f => f.Value.Select(message => new ImportError(row.Row, f.Key, "invalid_value", message))).ToList();
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
        var grantLines = await GrantLines.LoadAsync(db, requests.Select(r => r.BudgetLineId), cancellationToken);
        var locks = new Dictionary<(Guid, DateOnly), bool>();
        var errors = new List<ImportError>();
        var created = 0;
        foreach (var row in rows)
        {
            var program = programs[row.Request!.ProgramId!.Value];
            List<RuleBreak> breaks = ActivityRules.Membership(program, job.PartnerId) is { } notMember
                ? [notMember]
                : [.. ActivityRules.Links(program!, row.Request, links, gazetteer)];
            if (breaks.Count == 0 && ActivityRules.BudgetLine(program!.Id, job.PartnerId, row.Request.BudgetLineId, grantLines) is { } refusedLine)
            {
                breaks.Add(refusedLine);
            }
            var completion = row.Outcome is { Completed: true } outcome ? outcome.Completion : null;
            if (breaks.Count == 0 && completion?.ActualEnd is { } end)
            {
                // As the single complete: nothing changes a locked period's actuals. The claim holds until the chunk commits.
                if (!locks.TryGetValue((program!.Id, end), out var locked))
                {
                    locks[(program.Id, end)] = locked = await db.ClaimPeriodOnAsync(program.Id, end, cancellationToken) is not null;
                }

                if (locked) breaks.Add(new RuleBreak("actualEnd", "period_locked", "falls in a locked reporting period of the program."));
            }

            if (breaks.Count > 0)
            {
                errors.AddRange(breaks.Select(b => new ImportError(row.Row, b.Field, b.Code, b.Message)));
                continue;
            }

            var activity = ActivityRules.AddNew(db, program!, row.Request, job.PartnerId, now);
            if (completion is not null)
            {
                db.AggregateReach.AddRange(ActivityRules.ReachOf(activity.Id, row.Outcome!.AggregateReach ?? []));
                await ActivityRules.CompleteAsync(db, activity, completion, now, cancellationToken);
            }

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
                    ? new ActivityRow(number, new ImportError(number, "row", "invalid_value", "must be an object."))
                    : new ActivityRow(number, request, element.Deserialize<ActivityOutcome>(Json), null);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                row = new ActivityRow(number, ImportFiles.JsonTypeError(number, e));
            }

            yield return row;
        }
    }

    private static IEnumerable<ActivityRow> ReadCsv(Stream payload)
    {
        foreach (var line in ImportFiles.CsvLines(payload))
        {
            var number = line.Number;
            var cells = new CsvCells(line.Csv, line.Columns);
            ActivityRow row;
            try
            {
                row = new ActivityRow(number, cells.ToRequest(), cells.ToOutcome(), null);
            }
            catch (CsvCellException e)
            {
                row = new ActivityRow(number, new ImportError(number, e.Field, "invalid_value", e.Message));
            }

            yield return row;
        }
    }

    private sealed class CsvCellException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>Typed access to one CSV row by header name; a cell that cannot be read names its column (never its value).</summary>
    private sealed class CsvCells(CsvReader csv, IReadOnlyDictionary<string, int> columns)
    {
        public ActivityRequest ToRequest() => new(
            Guid("programId"), Text("title"), Text("type"), GuidList("resultIds"), GuidList("indicatorIds"), Text("communePcode"),
            Date("plannedStart"), Date("plannedEnd"),
            Text("plannedCostAmount") is not null || Text("plannedCostCurrency") is not null || Text("plannedCostValueDate") is not null
                ? new MoneyRequest(Decimal("plannedCostAmount"), Text("plannedCostCurrency"), Date("plannedCostValueDate"))
                : null,
            Guid("budgetLineId"));

        public ActivityOutcome ToOutcome() => new(
            Text("status"), Date("actualStart"), Date("actualEnd"),
            Text("actualCostAmount") is not null || Text("actualCostCurrency") is not null || Text("actualCostValueDate") is not null
                ? new MoneyRequest(Decimal("actualCostAmount"), Text("actualCostCurrency"), Date("actualCostValueDate"))
                : null,
            ReachCells("aggregateReach"));

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

        /// <summary>
        /// Cells "sex/ageBand/displacementStatus=count", with "/disability" before "=" for people with a disability
        /// (or "/disability_unknown" where it was not asked), separated by semicolons.
        /// </summary>
        private List<ReachCellRequest>? ReachCells(string name)
        {
            if (Text(name) is not { } value) return null;
            var cells = new List<ReachCellRequest>();
            foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (categories, count) = part.Split('=', StringSplitOptions.TrimEntries) is [var c, var n] ? (c.Split('/', StringSplitOptions.TrimEntries), n) : ([], "");
                if (categories is not ([_, _, _] or [_, _, _, "disability" or "disability_unknown"]) || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw new CsvCellException(name, "must be cells sex/ageBand/displacementStatus=count (with /disability before = for people with a disability, "
                                                     + "or /disability_unknown where it was not asked), separated by semicolons.");
                }

                cells.Add(categories is [_, _, _, "disability_unknown"]
                    ? new ReachCellRequest(categories[0], categories[1], null, categories[2], number, Disaggregation.UnknownValue)
                    : new ReachCellRequest(categories[0], categories[1], categories.Length == 4, categories[2], number));
            }

            return cells;
        }

        private T? Parse<T>(string name, Func<string, T?> parse, string message)
        {
            if (Text(name) is not { } value) return default;
            return parse(value) is { } parsed ? parsed : throw new CsvCellException(name, message);
        }
    }
}
