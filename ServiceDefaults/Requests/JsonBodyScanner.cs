using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>Walks a JSON document and names (by JSON path, "consent.given", "roles[2]") each string that cannot be stored as text.</summary>
internal static class JsonBodyScanner
{
    /// <summary>Reads a JSON body (up to <see cref="RequestHygiene.MaxScannedBodyLength"/>) and names every string with control characters by its path.</summary>
    public static async Task ScanAsync(HttpContext context, Dictionary<string, string[]> errors)
    {
        var request = context.Request;
        if (request.ContentLength is > RequestHygiene.MaxScannedBodyLength)
        {
            return;
        }

        request.EnableBuffering(RequestHygiene.MaxScannedBodyLength);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > RequestHygiene.MaxScannedBodyLength)
            {
                request.Body.Position = 0;
                return;
            }
        }

        request.Body.Position = 0;
        Scan(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), errors);
    }

    public static void Scan(ReadOnlySpan<byte> json, Dictionary<string, string[]> errors)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var path = new List<object>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        Advance(path);
                        path.Add(reader.TokenType == JsonTokenType.StartArray ? -1 : "");
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader);
                        path[^1] = name ?? "?";
                        if (name is null || RequestHygiene.TextProblem(name) is not null)
                        {
                            errors[Format(path)] = ["has a name that is not valid text."];
                        }

                        break;
                    case JsonTokenType.String:
                        Advance(path);
                        var value = Text(ref reader);
                        var problem = value is null ? "is not valid Unicode text." : RequestHygiene.TextProblem(value);
                        if (problem is not null)
                        {
                            errors[Format(path)] = [problem];
                        }

                        break;
                    case JsonTokenType.Null when path.Count > 0 && path[^1] is int:
                        // No list of the API holds nulls; an endpoint's validation need not expect one.
                        Advance(path);
                        errors[Format(path)] = ["must not be null."];
                        break;
                    default:
                        Advance(path);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is left to the endpoint's binding, which names where it breaks.
        }
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A value inside an array moves the array's index on.</summary>
    private static void Advance(List<object> path)
    {
        if (path.Count > 0 && path[^1] is int index)
        {
            path[^1] = index + 1;
        }
    }

    private static string Format(List<object> path)
    {
        var text = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment is int index)
            {
                text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append((string)segment);
            }
        }

        return text.Length == 0 ? "body" : text.ToString();
    }
}
