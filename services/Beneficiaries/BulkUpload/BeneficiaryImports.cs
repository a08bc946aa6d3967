using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.BulkUpload;

/// <summary>Bulk registration and update of beneficiaries, run by the shared import block.</summary>
public sealed class BeneficiaryImports(MaliGazetteer gazetteer, MatchKeys keys) : IImportHandler
{
    public const string KindName = "beneficiaries";

    public string Kind => KindName;

    public IEnumerable<IImportRow> ReadRows(string format, Stream payload) => ImportRows.Rows(format, payload);

    public IReadOnlyList<ImportError> Check(IImportRow row, ImportOptions options, DateOnly today)
    {
        var beneficiary = (ImportRow)row;
        if (beneficiary.Id is null && !options.Creates) return [new(row.Row, "id", "missing_id", "importStrategy UPDATE needs the id of an existing record.")];
        if (beneficiary.Id is not null && !options.Updates) return [new(row.Row, "id", "update_not_allowed", "importStrategy CREATE does not update existing records.")];

        var validation = beneficiary.Request!.Validate(today, gazetteer);
        return validation.Fields.SelectMany(f => f.Value.Select(message => new ImportError(row.Row, f.Key, "invalid_value", message))).ToList();
    }

    public async Task<ChunkResult> WriteAsync(ServiceDbContext context, ImportJob job, IReadOnlyList<IImportRow> chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = (BeneficiariesDbContext)context;
        var rows = chunk.Cast<ImportRow>().ToList();
        var ids = rows.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToList();
        var existing = ids.Count == 0
            ? []
            : await db.Beneficiaries.Where(b => ids.Contains(b.Id) && b.Status == BeneficiaryStatus.Active).ToDictionaryAsync(b => b.Id, cancellationToken);

        var errors = new List<ImportError>();
        var created = new List<Beneficiary>(rows.Count);
        var updated = 0;
        foreach (var row in rows)
        {
            gazetteer.TryFindCommune(row.Request!.CommunePcode, out var commune);
            if (row.Id is { } id)
            {
                if (!existing.TryGetValue(id, out var record))
                {
                    errors.Add(new ImportError(row.Row, "id", "not_found", "No active record of yours has this id."));
                    continue;
                }

                record.Update(row.Request, commune, gazetteer.Version, keys, now);
                db.AddIntegrationEvent(BeneficiaryEvents.Updated(record));
                updated++;
            }
            else
            {
                created.Add(Beneficiary.Register(job.PartnerId, row.Request, commune, gazetteer.Version, keys, now, job.Id));
            }
        }

        // New records and their events are written set-based, in the chunk's transaction; updates go through SaveChanges.
        await db.InsertSetAsync(created, cancellationToken);
        await db.InsertIntegrationEventsAsync(created.Select(BeneficiaryEvents.Registered), cancellationToken);
        var duplicates = await DuplicateFinder.FindAsync(db, created, now, cancellationToken);
        db.DuplicateFlags.AddRange(duplicates.SelectMany(d => d.Value.Select(match => DuplicateFlag.Create(d.Key, match, now))));
        return new ChunkResult(created.Count, updated, duplicates.Count, errors);
    }
}
