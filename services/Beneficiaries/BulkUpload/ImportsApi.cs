using System.Text.Json;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.BulkUpload;

public sealed record ImportStats(int Created, int Updated, int Ignored, int Total);

/// <summary>The DHIS2-style import summary: status OK, WARNING (some rows ignored) or ERROR.</summary>
public sealed record ImportSummary(string Status, ImportStats Stats, int PossibleDuplicates, IReadOnlyList<ImportError> Errors);

public sealed record ImportProgress(int TotalRows, int ProcessedRows);

public sealed record ImportResponse(
    Guid Id, string Status, string ImportStrategy, string ImportMode, string AtomicMode, ImportProgress Progress,
    ImportSummary? Summary, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ImportResponse From(ImportJob job)
    {
        ImportSummary? summary = null;
        if (job.Status is ImportStatus.Completed or ImportStatus.Failed)
        {
            var errors = job.ErrorsJson is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(job.ErrorsJson, Json)!;
            var status = job.Status == ImportStatus.Failed || (job.Ignored > 0 && job.Created + job.Updated == 0) ? "ERROR" : job.Ignored > 0 ? "WARNING" : "OK";
            summary = new ImportSummary(status, new ImportStats(job.Created, job.Updated, job.Ignored, job.TotalRows), job.PossibleDuplicates, errors);
        }

        return new ImportResponse(job.Id, job.Status, job.ImportStrategy, job.ImportMode, job.AtomicMode,
            new ImportProgress(job.TotalRows, job.ProcessedRows), summary, job.CreatedAt, job.FinishedAt);
    }
}

/// <summary>
/// POST /api/v1/beneficiaries/imports takes a CSV (text/csv) or JSON batch in one request and
/// answers 202 with the import's progress resource; GET /api/v1/beneficiaries/imports/{id}
/// reports progress and, when done, the summary. With an Idempotency-Key, a retried upload
/// gets the first answer (the same import) and nothing is imported twice.
/// </summary>
public static class ImportsApi
{
    public const int MaxUploadBytes = 50 * 1024 * 1024;

    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/imports", UploadAsync).RequireScope(Scopes.BeneficiariesWrite).Idempotent()
            .Accepts<string>("text/csv", "application/json")
            .WithName("UploadBeneficiaries").WithSummary("Upload a batch of beneficiaries")
            .WithDescription("A CSV file (one row per person, with a header row) or a JSON array of registrations, up to 50 MB. " +
                "Answers 202 with the import's progress resource; send an Idempotency-Key so that a retried upload imports nothing twice.");
        api.MapGet("/imports/{id:guid}", GetAsync).RequireScope(Scopes.BeneficiariesRead).WithName("GetBeneficiaryImport")
            .WithSummary("Read an upload's progress and summary");
        return api;
    }

    public static async Task<Results<Accepted<ImportResponse>, ValidationProblem>> UploadAsync(
        HttpRequest request, string? importStrategy, string? importMode, string? atomicMode,
        BeneficiariesDbContext db, ICurrentPartner partner, ImportSignal signal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var options = ImportOptions.Parse(importStrategy, importMode, atomicMode, errors);
        var format = ImportRows.FormatOf(request.ContentType);
        if (format is null)
        {
            errors.Add("Content-Type", "must be text/csv or application/json.");
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0) errors.Add("body", "is empty.");
        else if (body.Length > MaxUploadBytes) errors.Add("body", $"must be at most {MaxUploadBytes / 1024 / 1024} MB; split the upload.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(now),
            PartnerId = partner.PartnerId!,
            Format = format!,
            ImportStrategy = options.ImportStrategy,
            ImportMode = options.ImportMode,
            AtomicMode = options.AtomicMode,
            Payload = body.ToArray(),
            CreatedAt = now,
        };
        db.Imports.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();

        return TypedResults.Accepted($"/api/v1/beneficiaries/imports/{job.Id}", ImportResponse.From(job));
    }

    public static async Task<Results<Ok<ImportResponse>, NotFound>> GetAsync(Guid id, BeneficiariesDbContext db, CancellationToken cancellationToken)
    {
        // Everything but the uploaded file, which can be tens of megabytes.
        var job = await db.Imports.AsNoTracking().Where(i => i.Id == id).Select(i => new ImportJob
        {
            Id = i.Id, PartnerId = i.PartnerId, Status = i.Status, Format = i.Format, ImportStrategy = i.ImportStrategy,
            ImportMode = i.ImportMode, AtomicMode = i.AtomicMode, TotalRows = i.TotalRows, ProcessedRows = i.ProcessedRows,
            Created = i.Created, Updated = i.Updated, Ignored = i.Ignored, PossibleDuplicates = i.PossibleDuplicates,
            ErrorsJson = i.ErrorsJson, CreatedAt = i.CreatedAt, StartedAt = i.StartedAt, FinishedAt = i.FinishedAt,
        }).FirstOrDefaultAsync(cancellationToken);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(ImportResponse.From(job));
    }
}
