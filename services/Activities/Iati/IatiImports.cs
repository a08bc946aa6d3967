using System.Xml;
using System.Xml.Linq;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Iati;

/// <summary>One iati-activity of an uploaded file (row 1 is the first), read, or the elements refused in it.</summary>
public sealed record IatiRow(int Row, IatiActivity? Activity, IReadOnlyList<IatiRefusal> Refused) : IImportRow
{
    /// <summary>None: an activity is always read, and <see cref="IatiImports.Check"/> names every element refused in it, not only the first.</summary>
    public ImportError? Error => null;
}

/// <summary>
/// An IATI 2.03 activity file (POST /api/v1/activities/programs/iati/imports, application/xml),
/// checked against the official schema, creates for the uploading partner, as its lead, each
/// activity's program, its results framework (objectives, results, indicators with baselines,
/// reporting periods and targets), and the budgets and planned commitments it declares. An
/// activity is taken whole or not at all: the summary names each element refused, by its path.
/// Imported indicators are entered by hand (source manual): how another platform computed them
/// does not travel. What happened under the file's publisher (its actuals, and transactions other
/// than commitments: funds received, disbursed, spent) is its record, not the uploader's plan, and
/// is left out, as the endpoint's description says.
/// </summary>
public sealed class IatiImports : IImportHandler
{
    public const string KindName = "iati-activities";

    public string Kind => KindName;

    public IReadOnlyList<string> Formats => ["xml"];

    public IEnumerable<IImportRow> ReadRows(string format, Stream payload)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(payload, IatiXml.SafeReading);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new UnreadableImportException("The file could not be read as XML.", e);
        }

        var schemaErrors = IatiSchema.Validate(document);
        if (schemaErrors.Count > 0)
        {
            throw new UnreadableImportException($"The file is not a valid IATI 2.03 activity file: {string.Join(" | ", schemaErrors.Take(5))}");
        }

        return document.Root!.Elements("iati-activity").Select((element, i) =>
        {
            var (activity, refused) = IatiXml.Read(element, $"iati-activity[{i + 1}]");
            return new IatiRow(i + 1, activity, refused);
        }).ToList();
    }

    public IReadOnlyList<ImportError> Check(IImportRow row, ImportOptions options, DateOnly today)
    {
        if (!options.Creates)
        {
            return [new(row.Row, "iati-activity", "update_not_allowed", "An IATI file creates programs: use importStrategy CREATE.")];
        }

        var iati = (IatiRow)row;
        if (iati.Activity is not { } activity)
        {
            return iati.Refused.Select(r => new ImportError(row.Row, r.Element, r.Code, r.Message)).ToList();
        }

        var path = $"iati-activity[{row.Row}]";
        var errors = new List<ImportError>();
        void From(ValidationErrors validation, Func<string, string> element) =>
            errors.AddRange(validation.Fields.SelectMany(f => f.Value.Select(m => new ImportError(row.Row, element(f.Key), "invalid_value", m))));

        From(ProgramOf(activity).Validate("importer", today), field => $"{path}/{ProgramElements.GetValueOrDefault(field.Split('[')[0], field)}");
        foreach (var (result, r) in activity.Results.Select((x, i) => (x, i)))
        {
            var at = $"{path}/result[{r + 1}]";
            From(new ResultRequest(Guid.Empty, result.Code, result.Title, IatiCodes.ResultTypeOf(result.TypeCode)).Validate(), field => $"{at}/{field}");
            foreach (var (indicator, n) in result.Indicators.Select((x, i) => (x, i)))
            {
                From(IndicatorOf(indicator, Guid.Empty, _ => Guid.Empty).Validate(), field => $"{at}/indicator[{n + 1}]/{field}");
            }
        }

        return errors;
    }

    private static readonly Dictionary<string, string> ProgramElements = new()
    {
        ["code"] = "iati-identifier", ["titleFr"] = "title", ["titleEn"] = "title", ["descriptionFr"] = "description", ["descriptionEn"] = "description",
        ["funderIds"] = "participating-org", ["sectorCodes"] = "sector", ["communePcodes"] = "location",
        ["startDate"] = "activity-date", ["endDate"] = "activity-date", ["status"] = "activity-status",
    };

    public async Task<ChunkResult> WriteAsync(ServiceDbContext context, ImportJob job, IReadOnlyList<IImportRow> chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = (ActivitiesDbContext)context;
        var errors = new List<ImportError>();
        var created = 0;
        foreach (var row in chunk.Cast<IatiRow>())
        {
            var activity = row.Activity!;
            var request = ProgramOf(activity);
            if (await db.Programs.AnyAsync(p => p.PartnerId == job.PartnerId && p.Code == request.Code, cancellationToken)
                || db.Programs.Local.Any(p => p.PartnerId == job.PartnerId && p.Code == request.Code))
            {
                errors.Add(new ImportError(row.Row, $"iati-activity[{row.Row}]/iati-identifier", "duplicate", "your organisation already leads a program with this reference."));
                continue;
            }

            Add(db, activity, request, job.PartnerId, now);
            created++;
        }

        return new ChunkResult(created, 0, 0, errors);
    }

    /// <summary>The program an activity describes, as a single create would take it. Its code is the identifier without the reporting organisation's prefix.</summary>
    public static ProgramRequest ProgramOf(IatiActivity activity)
    {
        var prefix = activity.ReportingOrg.Ref + "-";
        var code = activity.Identifier.StartsWith(prefix, StringComparison.Ordinal) ? activity.Identifier[prefix.Length..] : activity.Identifier;
        return new ProgramRequest(code, activity.Title.Fr ?? activity.Title.En, activity.Title.En, null,
            activity.Participants.Where(p => p.RoleCode == IatiCodes.Funding && p.Ref is not null).Select(p => p.Ref!).Distinct().ToList(),
            activity.DacSectors, activity.LocationPcodes, activity.PlannedStart, activity.PlannedEnd, IatiCodes.StatusOf(activity.StatusCode),
            activity.Description?.Fr, activity.Description?.En);
    }

    private static IndicatorRequest IndicatorOf(IatiIndicator indicator, Guid resultId, Func<IatiPeriod, Guid> periodId) => new(
        resultId, indicator.Code, indicator.Title, IatiCodes.MeasureOf(indicator.MeasureCode), indicator.Ascending,
        indicator.BaselineYear is null ? null : new BaselineRequest(indicator.BaselineYear, indicator.BaselineValue),
        indicator.Dimensions, ActualSources.Manual, null, null,
        indicator.Periods.SelectMany(p => p.Targets.Select(t => new TargetRequest(periodId(p), t.Value, t.Dimension, t.DimensionValue))).ToList());

    private static void Add(ActivitiesDbContext db, IatiActivity activity, ProgramRequest request, string partnerId, DateTimeOffset now)
    {
        var program = new ActivityProgram
        {
            Id = Guid.CreateVersion7(now), PartnerId = partnerId, Code = request.Code!, TitleFr = request.TitleFr!, TitleEn = request.TitleEn,
            DescriptionFr = request.DescriptionFr, DescriptionEn = request.DescriptionEn, FunderIds = [.. request.FunderIds!], SectorCodes = [.. request.SectorCodes!],
            CommunePcodes = [.. request.CommunePcodes!], StartDate = request.StartDate!.Value, EndDate = request.EndDate!.Value,
            Status = request.Status ?? "active", CreatedAt = now, Version = 1,
        };
        program.Members = request.ToMembers(program.Id, partnerId);
        db.Programs.Add(program);

        var periods = new Dictionary<(DateOnly, DateOnly), ReportingPeriod>();
        foreach (var (start, end) in activity.Results.SelectMany(r => r.Indicators).SelectMany(i => i.Periods).Select(p => (p.Start, p.End)).Distinct().OrderBy(p => p))
        {
            periods[(start, end)] = new ReportingPeriod { Id = Guid.CreateVersion7(now), ProgramId = program.Id, Label = $"{start:yyyy-MM-dd}/{end:yyyy-MM-dd}", StartDate = start, EndDate = end };
        }

        db.Periods.AddRange(periods.Values);
        var objectives = new Dictionary<string, Objective>();
        foreach (var result in activity.Results)
        {
            var objectiveCode = result.ObjectiveCode ?? "IATI";
            if (!objectives.TryGetValue(objectiveCode, out var objective))
            {
                objectives[objectiveCode] = objective = new Objective
                {
                    Id = Guid.CreateVersion7(now), ProgramId = program.Id, Code = objectiveCode, Title = result.ObjectiveTitle ?? program.TitleFr, Kind = "specific",
                };
                db.Objectives.Add(objective);
            }

            var saved = new Result { Id = Guid.CreateVersion7(now), ProgramId = program.Id, ObjectiveId = objective.Id, Code = result.Code, Title = result.Title, Type = IatiCodes.ResultTypeOf(result.TypeCode)! };
            db.Results.Add(saved);
            foreach (var indicator in result.Indicators)
            {
                var wanted = IndicatorOf(indicator, saved.Id, p => periods[(p.Start, p.End)].Id);
                var entity = new Indicator
                {
                    Id = Guid.CreateVersion7(now), ProgramId = program.Id, ResultId = saved.Id, Code = wanted.Code!, Title = wanted.Title!, Measure = wanted.Measure!,
                    Ascending = wanted.Ascending ?? true, BaselineYear = wanted.Baseline?.Year, BaselineValue = wanted.Baseline?.Value,
                    Dimensions = [.. wanted.Dimensions!], Source = ActualSources.Manual,
                };
                entity.Targets = wanted.Targets!
                    .Select(t => new IndicatorTarget { IndicatorId = entity.Id, PeriodId = t.PeriodId!.Value, Dimension = t.Dimension ?? "", DimensionValue = t.DimensionValue ?? "", Value = t.Value!.Value })
                    .DistinctBy(t => (t.PeriodId, t.Dimension, t.DimensionValue)).ToList();
                db.Indicators.Add(entity);
            }
        }

        db.ProgramBudgets.AddRange(activity.Budgets.Select(b => new ProgramBudget
        {
            Id = Guid.CreateVersion7(now), ProgramId = program.Id, Source = FinanceSources.Imported, BudgetType = b.TypeCode, BudgetStatus = b.StatusCode,
            PeriodStart = b.PeriodStart, PeriodEnd = b.PeriodEnd, Amount = b.Amount, Currency = b.Currency, ValueDate = b.ValueDate, ChangedAt = now,
        }));
        db.ProgramTransactions.AddRange(activity.Transactions.Select(t => new ProgramTransaction
        {
            Id = Guid.CreateVersion7(now), ProgramId = program.Id, Source = FinanceSources.Imported, TypeCode = t.TypeCode, Amount = t.Amount, Currency = t.Currency,
            ValueDate = t.Date, ProviderName = t.ProviderName, ProviderRef = t.ProviderRef, ReceiverName = t.ReceiverName, ReceiverRef = t.ReceiverRef,
        }));
    }
}
