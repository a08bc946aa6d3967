using System.Text;
using System.Text.Json.Nodes;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace JusticePlatform.BuildingBlocks.Reporting;

/// <summary>One column of a report's CSV: its header, its HXL hashtag with attributes (#adm3+code), and its cell of a row.</summary>
public sealed record HxlColumn<TRow>(string Header, string Hashtag, Func<TRow, string?> Cell);

/// <summary>A report's columns, seen without their row type (the HXL core-list test reads every table).</summary>
public interface IHxlTable
{
    IReadOnlyList<string> Headers { get; }

    IReadOnlyList<string> Hashtags { get; }
}

/// <summary>
/// A report as CSV with an HXL hashtag row under the header row (HXL 1.1): the rows are the ones
/// its JSON answer shows, already suppressed, so both tell the same figures. Every cell goes
/// through <see cref="Csv.Cell"/> (formula-safe), and the rows are written one by one to the
/// response as they are enumerated.
/// </summary>
public sealed class HxlTable<TRow>(params HxlColumn<TRow>[] columns) : IHxlTable
{
    public IReadOnlyList<HxlColumn<TRow>> Columns { get; } = columns;

    public IReadOnlyList<string> Headers => Columns.Select(c => c.Header).ToList();

    public IReadOnlyList<string> Hashtags => Columns.Select(c => c.Hashtag).ToList();

    public async Task WriteAsync(TextWriter writer, IEnumerable<TRow> rows, CancellationToken cancellationToken = default)
    {
        await writer.WriteAsync(Csv.Line(Headers));
        await writer.WriteAsync(Csv.Line(Hashtags));
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(Csv.Line(Columns.Select(c => c.Cell(row))));
        }
    }

    /// <summary>The rows as a streamed <c>text/csv</c> answer, never kept by a cache (figures change with every event).</summary>
    public PushStreamHttpResult Stream(HttpContext http, IEnumerable<TRow> rows, string fileName)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
            await WriteAsync(writer, rows, http.RequestAborted);
        }, HxlCsv.ContentType, fileName);
    }
}

public static class HxlCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// True when the caller asks for <c>text/csv</c> and ranks no JSON above it: the same
    /// operation answers JSON by default and CSV on request, one URL for one report.
    /// </summary>
    public static bool IsAskedFor(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        static double Quality(MediaTypeHeaderValue value) => value.Quality ?? 1.0;
        var csv = accepted.Where(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)).Select(Quality).DefaultIfEmpty(0).Max();
        var json = accepted.Where(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(Quality).DefaultIfEmpty(0).Max();
        return csv > 0 && csv >= json;
    }

    /// <summary>
    /// Declares the CSV answer in the operation's OpenAPI description beside its JSON one (a second
    /// Produces for 200 would replace the JSON), with the table's header and hashtag rows as example.
    /// </summary>
    public static RouteHandlerBuilder ProducesHxlCsv(this RouteHandlerBuilder builder, IHxlTable table) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue("200", out var found) || found is not OpenApiResponse ok)
            {
                ok = new OpenApiResponse { Description = "OK" };
                operation.Responses["200"] = ok;
            }

            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            ok.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The report's rows as CSV (RFC 4180, UTF-8): a header row, an HXL hashtag row, then the rows, with the figures and the suppression of the JSON answer.",
                },
                Example = JsonValue.Create(Csv.Line(table.Headers) + Csv.Line(table.Hashtags)),
            };
            return Task.CompletedTask;
        });
}
