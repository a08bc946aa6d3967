using System.Text.Json;
using CsvHelper;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>One attendance row of an upload: who (a beneficiary id known to Activities) was at which of the partner's activities.</summary>
public sealed record AttendanceRow(int Row, Guid? ActivityId, Guid? BeneficiaryId, ImportError? Error) : IImportRow;

/// <summary>
/// Named attendance uploaded in bulk, as field offices keep it in spreadsheets: a CSV with the
/// columns activityId and beneficiaryId, or a JSON array of {activityId, beneficiaryId}. The same
/// rules as one activity's attendance: the partner's own activities, not cancelled, not in a locked
/// period; beneficiaries known to Activities for the partner; a person recorded twice counts once.
/// </summary>
public sealed class AttendanceImports : IImportHandler
{
    public const string KindName = "attendance";

    public string Kind => KindName;

    public IEnumerable<IImportRow> ReadRows(string format, Stream payload) =>
        ImportFiles.Readable(format, format == "csv" ? ReadCsv(payload) : ReadJson(payload));

    public IReadOnlyList<ImportError> Check(IImportRow row, ImportOptions options, DateOnly today)
    {
        var attendance = (AttendanceRow)row;
        var errors = new List<ImportError>();
        if (attendance.ActivityId is null) errors.Add(new(row.Row, "activityId", "invalid_value", "is required and must be a UUID."));
        if (attendance.BeneficiaryId is null) errors.Add(new(row.Row, "beneficiaryId", "invalid_value", "is required and must be a UUID."));
        if (!options.Creates) errors.Add(new(row.Row, "row", "update_not_allowed", "Attendance is only added: use importStrategy CREATE or CREATE_AND_UPDATE."));
        return errors;
    }

    public async Task<ChunkResult> WriteAsync(ServiceDbContext context, ImportJob job, IReadOnlyList<IImportRow> chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = (ActivitiesDbContext)context;
        var rows = chunk.Cast<AttendanceRow>().ToList();
        var activityIds = rows.Select(r => r.ActivityId!.Value).Distinct().ToList();
        var beneficiaryIds = rows.Select(r => r.BeneficiaryId!.Value).Distinct().ToList();

        // The default query shows the partner's own rows only: another partner's activity is "not found".
        var activities = await db.FieldActivities.AsNoTracking().Where(a => activityIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var known = (await db.KnownBeneficiaries.AsNoTracking().Where(b => beneficiaryIds.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken)).ToHashSet();
        var recorded = (await db.Attendance.AsNoTracking().Where(a => activityIds.Contains(a.ActivityId) && beneficiaryIds.Contains(a.BeneficiaryId))
            .Select(a => new { a.ActivityId, a.BeneficiaryId }).ToListAsync(cancellationToken)).Select(a => (a.ActivityId, a.BeneficiaryId)).ToHashSet();
        var locked = new Dictionary<Guid, bool>();
        foreach (var activity in activities.Values.Where(a => a.Status == ActivityStatus.Completed))
        {
            // The claim holds until the chunk commits: a racing lock waits for it, or is seen.
            locked[activity.Id] = await db.ClaimPeriodOnAsync(activity.ProgramId, activity.ActualEnd, cancellationToken) is not null;
        }

        var errors = new List<ImportError>();
        var added = 0;
        var addedTo = new Dictionary<Guid, List<Guid>>();
        foreach (var row in rows)
        {
            var (activityId, beneficiaryId) = (row.ActivityId!.Value, row.BeneficiaryId!.Value);
            if (!activities.TryGetValue(activityId, out var activity))
                errors.Add(new(row.Row, "activityId", "not_found", "No activity of yours has this id."));
            else if (activity.Status == ActivityStatus.Cancelled)
                errors.Add(new(row.Row, "activityId", "cancelled", "A cancelled activity takes no attendance."));
            else if (locked.GetValueOrDefault(activityId))
                errors.Add(new(row.Row, "activityId", "period_locked", "The activity's reporting period is locked."));
            else if (!known.Contains(beneficiaryId))
                errors.Add(new(row.Row, "beneficiaryId", "unknown_beneficiary", "is not known to Activities for your organisation; register the person in Beneficiaries first."));
            else if (!recorded.Add((activityId, beneficiaryId)))
                errors.Add(new(row.Row, "beneficiaryId", "already_recorded", "This person is already recorded at this activity."));
            else
            {
                db.Attendance.Add(new Attendance { ActivityId = activityId, BeneficiaryId = beneficiaryId, RecordedAt = now });
                (addedTo.TryGetValue(activityId, out var people) ? people : addedTo[activityId] = []).Add(beneficiaryId);
                added++;
            }
        }

        foreach (var (activityId, people) in addedTo)
        {
            await ReachedRecords.AddAsync(db, activities[activityId], people, cancellationToken);
        }

        return new ChunkResult(added, 0, 0, errors);
    }

    private static IEnumerable<AttendanceRow> ReadCsv(Stream payload)
    {
        using var csv = CsvReader.Create(payload, new CsvReaderOptions { Separator = ',', TrimWhitespace = true }, leaveOpen: true);
        var header = csv.Headers.Select(h => h.Trim()).ToList();
        var activityColumn = header.FindIndex(h => h.Equals("activityId", StringComparison.OrdinalIgnoreCase));
        var beneficiaryColumn = header.FindIndex(h => h.Equals("beneficiaryId", StringComparison.OrdinalIgnoreCase));
        if (activityColumn < 0 || beneficiaryColumn < 0)
        {
            throw new UnreadableImportException("The CSV needs the columns activityId and beneficiaryId.");
        }

        var number = 0;
        while (csv.Read())
        {
            number++;
            yield return new AttendanceRow(number, GuidAt(csv, activityColumn), GuidAt(csv, beneficiaryColumn), null);
        }
    }

    private static IEnumerable<AttendanceRow> ReadJson(Stream payload)
    {
        var number = 0;
        foreach (var element in ImportFiles.JsonArrayElements(payload, property: null))
        {
            number++;
            yield return element.ValueKind == JsonValueKind.Object
                ? new AttendanceRow(number, GuidOf(element, "activityId"), GuidOf(element, "beneficiaryId"), null)
                : new AttendanceRow(number, null, null, new ImportError(number, "row", "invalid_value", "must be an object."));
        }
    }

    private static Guid? GuidAt(CsvReader csv, int column) =>
        column < csv.FieldCount && Guid.TryParse(csv.GetString(column).Trim(), out var id) ? id : null;

    private static Guid? GuidOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id) ? id : null;
}
