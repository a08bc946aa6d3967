using JusticePlatform.BuildingBlocks.Persistence;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>A rejected row. Never carries the rejected value (it may be someone's name or phone).</summary>
public sealed record ImportError(int Row, string Field, string Code, string Message);

/// <summary>One row of an upload (1 = the first data row), read into what the service needs, or the reason it could not be read.</summary>
public interface IImportRow
{
    int Row { get; }

    ImportError? Error { get; }
}

/// <summary>What a chunk's write did; errors are rows refused while writing (an unknown id, say).</summary>
public sealed record ChunkResult(int Created, int Updated, int Flagged, IReadOnlyList<ImportError> Errors);

/// <summary>
/// What a service knows of its own rows; the shared import block does the rest (queueing,
/// claiming, chunked and fenced commits, cancelling, the summary). Registered with
/// <see cref="ImportExtensions.AddImports{TContext}"/>.
/// </summary>
public interface IImportHandler
{
    /// <summary>The kind of the import this handler reads ("beneficiaries").</summary>
    string Kind { get; }

    /// <summary>The file formats the handler reads ("csv", "json", "xml"); an upload in another is refused with a 400 naming Content-Type.</summary>
    IReadOnlyList<string> Formats => ["csv", "json"];

    /// <summary>
    /// Reads the stored file row by row, as the block asks for them, so that an upload is never
    /// held as a list of rows (see <see cref="ImportFiles"/>). The block reads the file twice
    /// (checking, then writing), so this must give the same rows each time. Throws
    /// <see cref="UnreadableImportException"/>, even midway, when the file itself cannot be read
    /// (<see cref="ImportFiles.Readable{TRow}"/> does that).
    /// </summary>
    IEnumerable<IImportRow> ReadRows(string format, Stream payload);

    /// <summary>Checks one row in memory: the errors that reject it, none when it is valid.</summary>
    IReadOnlyList<ImportError> Check(IImportRow row, ImportOptions options, DateOnly today);

    /// <summary>
    /// Writes the chunk's valid rows (and their events) inside the block's transaction, set-based
    /// (<see cref="SetInserts"/>) or added to <paramref name="db"/> for the block's SaveChanges;
    /// never committing: the block commits them with the job's progress.
    /// </summary>
    Task<ChunkResult> WriteAsync(ServiceDbContext db, ImportJob job, IReadOnlyList<IImportRow> chunk, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The uploaded file is not a CSV or JSON batch the handler can read at all.</summary>
public sealed class UnreadableImportException(string message, Exception? inner = null) : Exception(message, inner);
