using System.Data;
using System.Data.Common;
using System.Text.Json;
using CsvHelper;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>Reading an uploaded file a piece at a time: from the database as a stream, and a JSON batch element by element.</summary>
public static class ImportFiles
{
    private const int Start = 0, InWrapper = 1, BeforeArray = 2, InArray = 3, Done = 4;

    /// <summary>
    /// A handler's rows, passed on one at a time as they are read, with the error of a file that
    /// is not JSON or CSV at all (<see cref="JsonException"/>, <see cref="CsvFormatException"/>)
    /// turned into <see cref="UnreadableImportException"/> at the row where it shows. A row that
    /// can be read but is wrong stays the handler's own row error.
    /// </summary>
    public static IEnumerable<TRow> Readable<TRow>(string format, IEnumerable<TRow> rows) where TRow : IImportRow
    {
        using var read = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!read.MoveNext()) yield break;
            }
            catch (Exception e) when (e is JsonException or CsvFormatException)
            {
                throw new UnreadableImportException($"The file could not be read as {format.ToUpperInvariant()}.", e);
            }

            yield return read.Current;
        }
    }

    /// <summary>
    /// The data rows of a CSV upload one at a time, numbered from 1, with the columns by header
    /// name (case-insensitive; the first of a repeated header counts). The separator is fixed at a
    /// comma: detection could mistake a column of semicolon-separated lists for it.
    /// </summary>
    public static IEnumerable<CsvLine> CsvLines(Stream payload)
    {
        using var csv = CsvReader.Create(payload, new CsvReaderOptions { Separator = ',', TrimWhitespace = true }, leaveOpen: true);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < csv.Headers.Count; i++)
        {
            columns.TryAdd(csv.Headers[i].Trim(), i);
        }

        var number = 0;
        while (csv.Read())
        {
            yield return new CsvLine(++number, csv, columns);
        }
    }

    /// <summary>The error of a JSON row whose value does not fit its field, naming the field where the reader can tell (never the value).</summary>
    public static ImportError JsonTypeError(int row, Exception error) =>
        new(row, (error as JsonException)?.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "row", "invalid_value", "The value is not of the expected type.");

    /// <summary>
    /// The elements of a JSON batch, one at a time: the document's top-level array, or (with
    /// <paramref name="property"/>) the array under that property of a top-level object. Only one
    /// element is held at a time, however large the file. Throws <see cref="JsonException"/> when
    /// the file is not such a batch, at the point where that shows.
    /// </summary>
    public static IEnumerable<JsonElement> JsonArrayElements(Stream stream, string? property)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        var final = false;
        var step = Start;
        var state = new JsonReaderState();
        var found = new List<JsonElement>();
        while (step != Done)
        {
            while (!final && length < buffer.Length)
            {
                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0) final = true;
                length += read;
            }

            var consumed = Parse(buffer.AsSpan(0, length), final, ref state, ref step, property, found);
            foreach (var element in found)
            {
                yield return element;
            }

            found.Clear();
            if (step == Done) yield break;
            if (final && consumed == 0) throw new JsonException("The JSON batch ends before its array does.");
            if (consumed == 0 && length == buffer.Length)
            {
                // One element larger than the buffer: make room for it.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
            length -= consumed;
        }
    }

    private static int Parse(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref int step, string? property, List<JsonElement> found)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (step != Done)
        {
            var checkpoint = reader;
            if (!reader.Read())
            {
                reader = checkpoint;
                break;
            }

            if (step == Start)
            {
                step = reader.TokenType switch
                {
                    JsonTokenType.StartArray => InArray,
                    JsonTokenType.StartObject when property is not null => InWrapper,
                    _ => throw new JsonException(property is null ? "The JSON batch must be an array." : $"The JSON batch must be an array, or an object with a \"{property}\" array."),
                };
            }
            else if (step == InWrapper)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException($"The JSON object has no \"{property}\" array.");
                if (reader.ValueTextEquals(property)) step = BeforeArray;
                else if (!reader.TrySkip())
                {
                    reader = checkpoint;
                    break;
                }
            }
            else if (step == BeforeArray)
            {
                step = reader.TokenType == JsonTokenType.StartArray ? InArray : throw new JsonException($"\"{property}\" must be an array.");
            }
            else if (reader.TokenType == JsonTokenType.EndArray)
            {
                step = Done;
            }
            else
            {
                // Only an element that is all in the buffer is read; otherwise wait for more of the file.
                var probe = reader;
                if (!probe.TrySkip())
                {
                    reader = checkpoint;
                    break;
                }

                found.Add(JsonElement.ParseValue(ref reader));
            }
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>
    /// The stored file of an import as a stream read straight from the database (sequential
    /// access), so the worker never holds the whole upload. Null when the import is gone.
    /// </summary>
    public static async Task<StoredPayload?> OpenPayloadAsync(ServiceDbContext db, Guid importId, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(ImportJob))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);

        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText =
            $"SELECT {Column(nameof(ImportJob.Payload))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE {Column(nameof(ImportJob.Id))} = @id";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = importId;
        command.Parameters.Add(id);
        var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
            return null;
        }

        return new StoredPayload(command, reader, reader.GetStream(0));
    }

    /// <summary>An open read of one stored upload.</summary>
    public sealed class StoredPayload(DbCommand command, DbDataReader reader, Stream stream) : IAsyncDisposable
    {
        public Stream Stream { get; } = stream;

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await reader.DisposeAsync();
            await command.DisposeAsync();
        }
    }
}

/// <summary>One data row of a CSV upload (<see cref="ImportFiles.CsvLines"/>); its cells are valid until the next row is read.</summary>
public sealed record CsvLine(int Number, CsvReader Csv, IReadOnlyDictionary<string, int> Columns);
