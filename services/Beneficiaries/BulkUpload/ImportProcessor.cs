using JusticePlatform.BuildingBlocks.Partners;
using System.Text.Json;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Gazetteer;
using JusticePlatform.Beneficiaries.Registration;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.BulkUpload;

/// <summary>
/// Runs one import: reads and validates every row first (cheap, in memory), then writes the
/// valid rows in chunks. Each chunk is one SaveChanges — the records, their events, their
/// duplicate flags and the job's progress commit together — so an interrupted import resumes
/// after its last committed chunk and never writes a row twice.
/// </summary>
public sealed class ImportProcessor(IServiceScopeFactory scopes, MaliGazetteer gazetteer, TimeProvider clock, ILogger<ImportProcessor> logger)
{
    public const int ChunkSize = 1000;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RunAsync(Guid importId, CancellationToken cancellationToken)
    {
        ImportJob job;
        await using (var scope = scopes.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
            job = await db.Imports.AsNoTracking().SingleAsync(i => i.Id == importId, cancellationToken);
        }

        var options = new ImportOptions(job.ImportStrategy, job.ImportMode, job.AtomicMode);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        List<ImportRow> rows;
        try
        {
            rows = ImportRows.Read(job.Format, job.Payload);
        }
        catch (Exception e) when (e is JsonException or CsvHelper.CsvFormatException)
        {
            await FinishAsync(job.Id, [new ImportError(0, "file", "unreadable", "The file could not be read as " + job.Format.ToUpperInvariant() + ".")], 0, ImportStatus.Failed, cancellationToken);
            return;
        }

        var errors = new List<ImportError>();
        var valid = new List<ImportRow>(rows.Count);
        foreach (var row in rows)
        {
            var rowErrors = Check(row, options, today);
            if (rowErrors.Count == 0) valid.Add(row);
            else errors.AddRange(rowErrors);
        }

        var rejectedRows = errors.Select(e => e.Row).Distinct().Count();
        logger.LogInformation("Import {ImportId}: {Total} rows read, {Rejected} rejected", job.Id, rows.Count, rejectedRows);
        await SetTotalAsync(job.Id, rows.Count, cancellationToken);
        if (options.ImportMode == ImportOptions.ValidateOnly || (options.AtomicMode == ImportOptions.All && errors.Count > 0))
        {
            await FinishAsync(job.Id, errors, rows.Count, ImportStatus.Completed, cancellationToken);
            return;
        }

        for (var start = job.ProcessedRows; start < valid.Count; start += ChunkSize)
        {
            var chunkErrors = await WriteChunkAsync(job, valid.Skip(start).Take(ChunkSize).ToList(), start, cancellationToken);
            errors.AddRange(chunkErrors);
        }

        await FinishAsync(job.Id, errors, rows.Count, ImportStatus.Completed, cancellationToken);
    }

    private List<ImportError> Check(ImportRow row, ImportOptions options, DateOnly today)
    {
        if (row.Error is { } unreadable) return [unreadable];
        if (row.Id is null && !options.Creates) return [new(row.Row, "id", "missing_id", "importStrategy UPDATE needs the id of an existing record.")];
        if (row.Id is not null && !options.Updates) return [new(row.Row, "id", "update_not_allowed", "importStrategy CREATE does not update existing records.")];

        var validation = row.Request!.Validate(today, gazetteer);
        return validation.Fields.SelectMany(f => f.Value.Select(message => new ImportError(row.Row, f.Key, "invalid_value", message))).ToList();
    }

    private async Task<List<ImportError>> WriteChunkAsync(ImportJob job, List<ImportRow> chunk, int start, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();

        var ids = chunk.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToList();
        var existing = ids.Count == 0
            ? []
            : await db.Beneficiaries.Where(b => ids.Contains(b.Id) && b.PartnerId == job.PartnerId && b.Status == BeneficiaryStatus.Active)
                .ToDictionaryAsync(b => b.Id, cancellationToken);

        var errors = new List<ImportError>();
        var created = new List<Beneficiary>(chunk.Count);
        var updated = 0;
        foreach (var row in chunk)
        {
            gazetteer.TryFindCommune(row.Request!.CommunePcode, out var commune);
            if (row.Id is { } id)
            {
                if (!existing.TryGetValue(id, out var record))
                {
                    errors.Add(new ImportError(row.Row, "id", "not_found", "No active record of yours has this id."));
                    continue;
                }

                record.Update(row.Request, commune, gazetteer.Version, now);
                db.AddIntegrationEvent(BeneficiaryEvents.Updated(record));
                updated++;
            }
            else
            {
                var beneficiary = Beneficiary.Register(job.PartnerId, row.Request, commune, gazetteer.Version, now, job.Id);
                created.Add(beneficiary);
                db.AddIntegrationEvent(BeneficiaryEvents.Registered(beneficiary));
            }
        }

        db.Beneficiaries.AddRange(created);
        var duplicates = await DuplicateFinder.FindAsync(db, created, cancellationToken);
        db.DuplicateFlags.AddRange(duplicates.SelectMany(d => d.Value.Select(match => DuplicateFlag.Create(d.Key, match, now))));

        var progress = await db.Imports.SingleAsync(i => i.Id == job.Id, cancellationToken);
        progress.ProcessedRows = start + chunk.Count;
        progress.Created += created.Count;
        progress.Updated += updated;
        progress.PossibleDuplicates += duplicates.Count;
        progress.LeaseUntil = now + Lease;
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    private async Task SetTotalAsync(Guid importId, int total, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        await db.Imports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s.SetProperty(i => i.TotalRows, total), cancellationToken);
    }

    private async Task FinishAsync(Guid importId, List<ImportError> errors, int total, string status, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        var job = await db.Imports.SingleAsync(i => i.Id == importId, cancellationToken);
        job.Status = status;
        job.TotalRows = total;
        job.Ignored = errors.Select(e => e.Row).Distinct().Count();
        job.ErrorsJson = JsonSerializer.Serialize(errors.OrderBy(e => e.Row).ToList(), Json);
        job.Payload = []; // the uploaded file holds personal data: it is not kept once processed
        job.FinishedAt = clock.GetUtcNow();
        job.LeaseUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Import {ImportId} {Status}: {Created} created, {Updated} updated, {Ignored} ignored",
            importId, status, job.Created, job.Updated, job.Ignored);
    }
}
