using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The limits every request meets before any endpoint sees it, the same in the gateway and in
/// every service. A request that breaks one gets a 4xx problem naming what is wrong, never a 5xx.
/// </summary>
public static class RequestHygiene
{
    /// <summary>Longest path and query accepted (414 beyond). Kestrel's own limit is set higher, so that this answer is a problem.</summary>
    public const int MaxUrlLength = 8 * 1024;

    /// <summary>Largest total of header names and values accepted (431 beyond).</summary>
    public const int MaxHeadersLength = 32 * 1024;

    /// <summary>Longest route value (an id or a code): the audit trail's resource id column holds 100 characters.</summary>
    public const int MaxRouteValueLength = 100;

    /// <summary>Longest query value: filters are ids, codes and dates.</summary>
    public const int MaxQueryValueLength = 1000;

    /// <summary>JSON bodies up to this size are checked for control characters before binding (bulk uploads, bigger, check their rows).</summary>
    public const int MaxScannedBodyLength = 1024 * 1024;

    /// <summary>
    /// True for a character no text field accepts: NUL and the other C0 controls (tab, line feed and
    /// carriage return excepted), DEL and the C1 controls. PostgreSQL refuses NUL outright.
    /// </summary>
    public static bool IsForbiddenControl(char c) =>
        (c < 0x20 && c is not '\t' and not '\n' and not '\r') || c is >= '\u007f' and <= '\u009f';

    /// <summary>The first reason <paramref name="value"/> cannot be stored as text, or null.</summary>
    public static string? TextProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsForbiddenControl(c))
            {
                return "must not contain control characters.";
            }

            if (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])))
            {
                return "is not valid Unicode text.";
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])))
            {
                return "is not valid Unicode text.";
            }
        }

        return null;
    }
}

internal sealed class RequestHygieneMiddleware(RequestDelegate next, IDictionary<string, object?> pipeline)
{
    /// <summary>Set on the application's pipeline by <see cref="RequestInputChecks.UseRequestInputChecks"/>: the input is checked there, after authorization.</summary>
    public const string InputCheckedAfterAuthorization = "RequestHygiene.InputCheckedAfterAuthorization";

    private static readonly ConcurrentDictionary<Endpoint, IReadOnlyDictionary<string, Type>> QueryTypes = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > RequestHygiene.MaxUrlLength)
        {
            await context.WriteProblemAsync(StatusCodes.Status414UriTooLong, "The URL is too long",
                $"The path and query may hold at most {RequestHygiene.MaxUrlLength} characters.");
            return;
        }

        var headerProblem = HeaderProblem(request.Headers, out var headersTooLarge);
        if (headersTooLarge)
        {
            await context.WriteProblemAsync(StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large",
                $"The headers may hold at most {RequestHygiene.MaxHeadersLength} characters in all.");
            return;
        }

        if (headerProblem is not null)
        {
            await context.WriteProblemAsync(StatusCodes.Status400BadRequest, "A request header is not valid", headerProblem);
            return;
        }

        if (request.ContentLength is { } length && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max && length > max)
        {
            await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, "The request body is too large",
                $"A request body may hold at most {max} bytes.");
            return;
        }

        // A caller is told first that it may not call (401, 403), then what is wrong with its request.
        if (!pipeline.ContainsKey(InputCheckedAfterAuthorization) && !await CheckInputAsync(context))
        {
            return;
        }

        await next(context);
    }

    /// <summary>The path, route values, query and JSON body: false when a 400 naming each bad field has been answered.</summary>
    internal static async Task<bool> CheckInputAsync(HttpContext context)
    {
        var request = context.Request;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (RequestHygiene.TextProblem(request.Path.Value ?? "") is { } pathProblem)
        {
            errors["path"] = [pathProblem];
        }

        CheckRouteValues(context, errors);
        var rewritten = CheckQuery(context, errors);
        if (errors.Count == 0 && IsJson(request) && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not null)
        {
            await CheckJsonBodyAsync(context, errors);
        }

        if (errors.Count == 0)
        {
            await RequestBodyLimits.CheckAsync(context, errors);
        }

        if (errors.Count > 0)
        {
            await TypedResults.ValidationProblem(errors, title: "The request is not valid.").ExecuteAsync(context);
            return false;
        }

        if (rewritten is not null)
        {
            request.QueryString = rewritten.Value;
        }

        return true;
    }

    /// <summary>Header values must be printable ASCII (RFC 9110): anything else cannot be forwarded and is refused, naming the header.</summary>
    private static string? HeaderProblem(IHeaderDictionary headers, out bool tooLarge)
    {
        var total = 0;
        string? problem = null;
        foreach (var (name, values) in headers)
        {
            total += name.Length;
            foreach (var value in values)
            {
                total += value?.Length ?? 0;
                if (problem is null && value is not null && value.Any(c => c is > '\u007e' || (c < ' ' && c != '\t')))
                {
                    problem = $"The header '{name}' may hold only printable ASCII characters.";
                }
            }
        }

        tooLarge = total > RequestHygiene.MaxHeadersLength;
        return problem;
    }

    private static void CheckRouteValues(HttpContext context, Dictionary<string, string[]> errors)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not string text || name is "action" or "controller")
            {
                continue;
            }

            if (text.Length > RequestHygiene.MaxRouteValueLength)
            {
                errors[name] = [$"must be at most {RequestHygiene.MaxRouteValueLength} characters."];
            }
            else if (RequestHygiene.TextProblem(text) is { } problem)
            {
                errors[name] = [problem];
            }
        }
    }

    /// <summary>
    /// Checks every query value for control characters and length, and each value of a typed
    /// parameter of the endpoint against its type (strict ISO 8601 for dates). A date-time with an
    /// offset is given on to the endpoint in UTC. Returns the rewritten query when one was.
    /// </summary>
    private static QueryString? CheckQuery(HttpContext context, Dictionary<string, string[]> errors)
    {
        var query = context.Request.Query;
        if (query.Count == 0)
        {
            return null;
        }

        var types = context.GetEndpoint() is { } endpoint ? QueryTypes.GetOrAdd(endpoint, QueryParameterTypes) : new Dictionary<string, Type>();
        var changed = false;
        var rebuilt = new List<KeyValuePair<string, StringValues>>();
        foreach (var (name, values) in query)
        {
            var field = name;
            if (RequestHygiene.TextProblem(name) is not null || name.Length > RequestHygiene.MaxRouteValueLength)
            {
                errors["query"] = ["has a parameter name that is not valid."];
                continue;
            }

            var normalised = new string?[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] ?? "";
                normalised[i] = value;
                if (value.Length > RequestHygiene.MaxQueryValueLength)
                {
                    errors[field] = [$"must be at most {RequestHygiene.MaxQueryValueLength} characters."];
                }
                else if (RequestHygiene.TextProblem(value) is { } problem)
                {
                    errors[field] = [problem];
                }
                else if (types.TryGetValue(name, out var type) && value.Length > 0)
                {
                    if (QueryValues.Check(type, value, out var utc) is { } typeProblem)
                    {
                        errors[field] = [typeProblem];
                    }
                    else if (utc is not null && utc != value)
                    {
                        normalised[i] = utc;
                        changed = true;
                    }
                }
            }

            rebuilt.Add(new(name, new StringValues(normalised)));
        }

        return changed ? QueryString.Create(rebuilt) : null;
    }

    /// <summary>The endpoint's query parameters (plain ones and those of an [AsParameters] type) by name, with their types.</summary>
    private static IReadOnlyDictionary<string, Type> QueryParameterTypes(Endpoint endpoint)
    {
        var types = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return types;
        }

        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                var constructor = parameter.ParameterType.GetConstructors().MaxBy(c => c.GetParameters().Length);
                foreach (var member in constructor?.GetParameters() ?? [])
                {
                    AddIfSimple(types, member.GetCustomAttribute<FromQueryAttribute>()?.Name ?? member.Name, member.ParameterType);
                }

                continue;
            }

            if (parameter.GetCustomAttributes().Any(a => a is FromBodyAttribute or FromHeaderAttribute or FromRouteAttribute or FromServicesAttribute))
            {
                continue;
            }

            AddIfSimple(types, parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name, parameter.ParameterType);
        }

        return types;
    }

    private static void AddIfSimple(Dictionary<string, Type> types, string? name, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (name is not null && QueryValues.Checked.Contains(type))
        {
            types[name] = type;
        }
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } contentType
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a JSON body (up to <see cref="RequestHygiene.MaxScannedBodyLength"/>) and names every string with control characters by its path.</summary>
    private static async Task CheckJsonBodyAsync(HttpContext context, Dictionary<string, string[]> errors)
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
        JsonBodyScanner.Scan(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), errors);
    }
}

/// <summary>Strict parsing of typed query values: what a generated client sends, and nothing a lenient parser would guess at.</summary>
public static class QueryValues
{
    internal static readonly HashSet<Type> Checked =
        [typeof(int), typeof(long), typeof(short), typeof(decimal), typeof(double), typeof(bool), typeof(Guid), typeof(DateTimeOffset), typeof(DateTime), typeof(DateOnly)];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
    ];

    /// <summary>A message when <paramref name="value"/> is not a <paramref name="type"/>; <paramref name="utc"/> is a date-time rewritten in UTC.</summary>
    public static string? Check(Type type, string value, out string? utc)
    {
        utc = null;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            if (!DateTimeOffset.TryParseExact(value, DateTimeFormats, invariant, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return "must be a date-time in ISO 8601, such as 2026-01-31T00:00:00Z.";
            }

            utc = instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", invariant);
            return null;
        }

        return type switch
        {
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : $"must be a whole number between {int.MinValue} and {int.MaxValue}.",
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : "must be a whole number.",
            _ when type == typeof(short) => short.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : "must be a whole number.",
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, invariant, out _) ? null : "must be a number.",
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, invariant, out var d) && double.IsFinite(d) ? null : "must be a number.",
            _ when type == typeof(bool) => bool.TryParse(value, out _) ? null : "must be true or false.",
            _ when type == typeof(Guid) => Guid.TryParseExact(value, "D", out _) ? null : "must be a UUID, such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.",
            _ when type == typeof(DateOnly) => DateOnly.TryParseExact(value, "yyyy-MM-dd", invariant, DateTimeStyles.None, out _) ? null : "must be a date in ISO 8601, such as 2026-01-31.",
            _ => null,
        };
    }
}

/// <summary>Walks a JSON document and names (by JSON path, "consent.given", "roles[2]") each string that cannot be stored as text.</summary>
internal static class JsonBodyScanner
{
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
