using System.Text.Json;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Imports;

public sealed record ImportStats(int Created, int Updated, int Ignored, int Total);

/// <summary>
/// The DHIS2-style import summary: status OK, WARNING (some rows ignored) or ERROR; the errors of
/// one page (at most <see cref="ImportJob.MaxStoredErrors"/> are kept) and how many of each code the file had.
/// </summary>
public sealed record ImportSummary(
    string Status, ImportStats Stats, int Flagged, IReadOnlyDictionary<string, int> ErrorCounts, int ErrorsStored, IReadOnlyList<ImportError> Errors);

public sealed record ImportProgress(int TotalRows, int ProcessedRows);

public sealed record ImportResponse(
    Guid Id, string Kind, string Status, string ImportStrategy, string ImportMode, string AtomicMode, ImportProgress Progress,
    ImportSummary? Summary, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ImportResponse From(ImportJob job, PageRequest? errorsPage = null)
    {
        ImportSummary? summary = null;
        if (ImportStatus.IsFinished(job.Status))
        {
            var errors = job.ErrorsJson is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(job.ErrorsJson, Json)!;
            var counts = job.ErrorCountsJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(job.ErrorCountsJson, Json)!;
            var page = errorsPage ?? new PageRequest(1, PageRequest.MaxPageSize);
            var status = job.Status != ImportStatus.Completed || (job.Ignored > 0 && job.Created + job.Updated == 0) ? "ERROR" : job.Ignored > 0 ? "WARNING" : "OK";
            summary = new ImportSummary(status, new ImportStats(job.Created, job.Updated, job.Ignored, job.TotalRows), job.Flagged, counts, errors.Count,
                errors.Skip((page.Number - 1) * page.Size).Take(page.Size).ToList());
        }

        return new ImportResponse(job.Id, job.Kind, job.Status, job.ImportStrategy, job.ImportMode, job.AtomicMode,
            new ImportProgress(job.TotalRows, job.ProcessedRows), summary, job.CreatedAt, job.FinishedAt);
    }
}

/// <summary>
/// POST {group}/imports takes a CSV (text/csv) or JSON batch in one request and answers 202 with
/// the import's progress resource; GET {group}/imports/{id} reports progress and, when done, the
/// summary (its errors paged); POST {group}/imports/{id}/cancellation stops it; POST
/// {group}/imports/{id}/retry queues again an import that failed on a platform fault (it kept its file). With an
/// Idempotency-Key, a retried upload gets the first answer (the same import) and nothing is imported twice.
/// </summary>
public static class ImportsApi
{
    /// <param name="kind">The handler's <see cref="IImportHandler.Kind"/>.</param>
    /// <param name="name">The resource in operation names ("Beneficiary" gives UploadBeneficiaryImport).</param>
    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api, string kind, string name, string readScope, string writeScope)
    {
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        var limit = services.GetRequiredService<UploadLimit>();
        var formats = services.GetServices<IImportHandler>().FirstOrDefault(h => h.Kind == kind)?.Formats ?? ["csv", "json"];
        var upload = api.MapPost("/imports", (HttpRequest request, string? importStrategy, string? importMode, string? atomicMode,
                ServiceDbContext db, ICurrentPartner partner, ImportSignal signal, TimeProvider clock, CancellationToken cancellationToken) =>
                UploadAsync(kind, formats, request, importStrategy, importMode, atomicMode, limit, db, partner, signal, clock, cancellationToken))
            .RequireScope(writeScope).Idempotent()
            .WithName($"Upload{name}Import")
            .WithAuditAction("upload");
        if (formats.SequenceEqual(["xml"]))
        {
            upload.WithSummary($"Upload an XML file ({kind})")
                .WithDescription($"The body is the XML file itself (application/xml). It may hold at most {limit.Describe()}; a larger one is answered 413: split it.")
                .DescribesBody(typeof(string), "application/xml", "text/xml");
        }
        else
        {
            upload.WithSummary($"Upload a CSV or JSON batch ({kind})")
                .WithDescription("The body is the file itself: text/csv with a header row, or application/json with an array of rows named as in a single create. " +
                    $"It may hold at most {limit.Describe()}; a larger one is answered 413: split it.")
                .DescribesBody(typeof(Stream), "text/csv", "application/json");
        }

        upload
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/imports/{id:guid}", GetAsync).RequireScope(readScope)
            .WithName($"Get{name}Import")
            .WithSummary("Read an import's progress and summary");
        api.MapPost("/imports/{id:guid}/cancellation", CancelAsync).RequireScope(writeScope)
            .WithName($"Cancel{name}Import")
            .WithSummary("Cancel an import that has not finished")
            .WithAuditAction("cancel");
        api.MapPost("/imports/{id:guid}/retry", RetryAsync).RequireScope(writeScope)
            .WithName($"Retry{name}Import")
            .WithSummary("Retry an import that failed on a platform fault")
            .WithDescription("Only an import that failed because the platform could not write it keeps its file: it is queued again and resumes after the rows already committed.")
            .WithAuditAction("retry");
        return api;
    }

    private static ProblemHttpResult TooLarge(UploadLimit limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large",
            detail: $"An upload may hold at most {limit.Describe()}; split it into smaller files.");

    private static async Task<Results<Accepted<ImportResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        string kind, IReadOnlyList<string> formats, HttpRequest request, string? importStrategy, string? importMode, string? atomicMode, UploadLimit limit,
        ServiceDbContext db, ICurrentPartner partner, ImportSignal signal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var options = ImportOptions.Parse(importStrategy, importMode, atomicMode, errors);
        var format = FormatOf(request.ContentType);
        if (format is null || !formats.Contains(format))
        {
            format = null;
            errors.Add("Content-Type", formats.Contains("xml") && formats.Count == 1 ? "must be application/xml." : "must be text/csv or application/json.");
        }

        // The file is read once, up to one byte past the limit, into the buffer that is stored: nothing more is kept.
        var maxBytes = limit.MaxUploadBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes + 1L;
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(limit);
        }

        using var body = new MemoryStream(request.ContentLength is { } length and <= int.MaxValue ? (int)length : 0);
        var buffer = new byte[81920];
        int read;
        while (body.Length <= maxBytes && (read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            body.Write(buffer, 0, read);
        }

        if (body.Length > maxBytes)
        {
            return TooLarge(limit);
        }

        if (format is not null && !HasRows(format, body.GetBuffer().AsSpan(0, (int)body.Length))) errors.Add("body", "has no rows to import.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(now),
            PartnerId = partner.PartnerId!,
            Kind = kind,
            Format = format!,
            ImportStrategy = options.ImportStrategy,
            ImportMode = options.ImportMode,
            AtomicMode = options.AtomicMode,
            Payload = body.Length == body.Capacity ? body.GetBuffer() : body.ToArray(),
            CreatedAt = now,
        };
        db.Imports.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();

        return TypedResults.Accepted($"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{job.Id}", ImportResponse.From(job));
    }

    private static async Task<Results<Ok<ImportResponse>, NotFound, ValidationProblem>> GetAsync(
        Guid id, int? errorsPage, int? errorsPageSize, ServiceDbContext db, CancellationToken cancellationToken)
    {
        var page = new PageRequest(errorsPage, errorsPageSize);
        var errors = new ValidationErrors();
        page.Validate(errors, "errorsPage", "errorsPageSize");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var job = await ReadAsync(db, id, cancellationToken);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(ImportResponse.From(job, page));
    }

    private static async Task<Results<Ok<ImportResponse>, NotFound, ProblemHttpResult>> CancelAsync(
        Guid id, ServiceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Conditional, in one statement: a worker's next commit then finds its token gone and stops.
        var cancelled = await db.Imports
            .Where(i => i.Id == id && (i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, ImportStatus.Cancelled)
                .SetProperty(i => i.Payload, Array.Empty<byte>())
                .SetProperty(i => i.LeaseToken, (Guid?)null)
                .SetProperty(i => i.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(i => i.FinishedAt, clock.GetUtcNow()), cancellationToken);
        var job = await ReadAsync(db, id, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        return cancelled == 1
            ? TypedResults.Ok(ImportResponse.From(job))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The import has already ended",
                detail: $"It is {job.Status}; only a queued or running import can be cancelled.");
    }

    private static async Task<Results<Ok<ImportResponse>, NotFound, ProblemHttpResult>> RetryAsync(
        Guid id, ServiceDbContext db, ImportSignal signal, CancellationToken cancellationToken)
    {
        // Only a failed import that kept its file can run again: one whose file was the problem dropped it.
        var queued = await db.Imports
            .Where(i => i.Id == id && i.Status == ImportStatus.Failed && i.Payload.Length > 0)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, ImportStatus.Queued)
                .SetProperty(i => i.Attempts, 0)
                .SetProperty(i => i.ErrorsJson, (string?)null)
                .SetProperty(i => i.ErrorCountsJson, (string?)null)
                .SetProperty(i => i.Ignored, 0)
                .SetProperty(i => i.FinishedAt, (DateTimeOffset?)null), cancellationToken);
        var job = await ReadAsync(db, id, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        if (queued != 1)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The import cannot be retried",
                detail: $"It is {job.Status}; only an import that failed on a platform fault keeps its file and can be retried.");
        }

        signal.Notify();
        return TypedResults.Ok(ImportResponse.From(job));
    }

    // Everything but the uploaded file, which can be tens of megabytes.
    private static Task<ImportJob?> ReadAsync(ServiceDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Imports.AsNoTracking().Where(i => i.Id == id).Select(i => new ImportJob
        {
            Id = i.Id, PartnerId = i.PartnerId, Kind = i.Kind, Status = i.Status, Format = i.Format, ImportStrategy = i.ImportStrategy,
            ImportMode = i.ImportMode, AtomicMode = i.AtomicMode, TotalRows = i.TotalRows, ProcessedRows = i.ProcessedRows,
            Created = i.Created, Updated = i.Updated, Ignored = i.Ignored, Flagged = i.Flagged,
            ErrorsJson = i.ErrorsJson, ErrorCountsJson = i.ErrorCountsJson, CreatedAt = i.CreatedAt, StartedAt = i.StartedAt, FinishedAt = i.FinishedAt,
        }).FirstOrDefaultAsync(cancellationToken);

    /// <summary>False for an empty file, a byte-order mark alone, a CSV with a header and no row, or an empty JSON array.</summary>
    public static bool HasRows(string format, ReadOnlySpan<byte> payload)
    {
        // The first rows are enough to tell, whatever the file's size.
        var start = System.Text.Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 64 * 1024)]).TrimStart('\uFEFF');
        if (format == "csv")
        {
            return start.Split('\n').Count(line => line.Trim().Length > 0) > 1;
        }

        if (format == "xml")
        {
            return start.Trim().Length > 0;
        }

        var compact = new string(start.Where(c => !char.IsWhiteSpace(c)).Take(2).ToArray());
        return compact.Length > 0 && compact is not ("[]" or "{}");
    }

    public static string? FormatOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "text/csv" or "application/csv" => "csv",
        "application/json" => "json",
        "application/xml" or "text/xml" => "xml",
        _ => null,
    };
}
