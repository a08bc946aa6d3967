using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns any exception into an RFC 9457 problem that repeats no stack trace and no value sent: an unreadable body or
/// parameter is a 400 naming the field, a value the database refuses a 400, anything else a generic 500.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (FieldErrors(exception) is { } fields)
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(fields) { Status = StatusCodes.Status400BadRequest, Title = "The request is not valid." },
            });
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, Titles.GetValueOrDefault(bad.StatusCode, "Bad request"), "The request could not be read."),
            RefusedException refused => (refused.Status, refused.Title, refused.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested
                => (StatusCodes.Status499ClientClosedRequest, "Request cancelled", null),
            _ when IsRefusedValue(exception) => (StatusCodes.Status400BadRequest, "A value cannot be stored",
                "A value is too long for its field or is not valid text."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred", null as string),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static readonly Dictionary<int, string> Titles = new()
    {
        [StatusCodes.Status408RequestTimeout] = "The request body was sent too slowly",
        [StatusCodes.Status413PayloadTooLarge] = "The request body is too large",
        [StatusCodes.Status415UnsupportedMediaType] = "The content type is not supported",
    };

    /// <summary>
    /// The field a request could not be read at: a JSON value of the wrong type (by its JSON path)
    /// or a parameter that could not be bound (by its name). The rejected value is never repeated.
    /// </summary>
    internal static Dictionary<string, string[]>? FieldErrors(Exception exception)
    {
        if (exception is not BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad)
        {
            return null;
        }

        if (bad.InnerException is JsonException unmapped && UnmappedPattern().Match(unmapped.Message) is { Success: true } unknown)
        {
            return new() { [UnknownPropertyPath(unmapped.Path, unknown.Groups["name"].Value)] = ["is not a property of this request."] };
        }

        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "body";
            return new() { [path.Length == 0 ? "body" : path] = [json.Path is null ? "is not valid JSON." : "has the wrong type or format."] };
        }

        var match = ParameterPattern().Match(bad.Message);
        if (match.Success)
        {
            var name = match.Groups["name"].Value;
            name = char.ToLowerInvariant(name[0]) + name[1..];
            return bad.Message.StartsWith("Required", StringComparison.Ordinal)
                ? new() { [name] = ["is required."] }
                : new() { [name] = ["has the wrong type or format."] };
        }

        return null;
    }

    /// <summary>PostgreSQL's or SQL Server's refusal of a value: too long for its column, or text it cannot hold.</summary>
    private static bool IsRefusedValue(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: "22001" or "22021" or "22P05" or "22008" or "22003" })
            {
                return true;
            }

            if (inner.GetType().FullName == "Microsoft.Data.SqlClient.SqlException"
                && inner.GetType().GetProperty("Number")?.GetValue(inner) is 2628 or 8152 or 242 or 8115)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The JSON path of a property the body's type does not have ("consent.sigend"); the reader's path may stop at its parent.</summary>
    private static string UnknownPropertyPath(string? readerPath, string name)
    {
        var path = readerPath is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        if (path == name || path.EndsWith("." + name, StringComparison.Ordinal) || path.EndsWith("['" + name + "']", StringComparison.Ordinal))
        {
            return path;
        }

        return path.Length == 0 ? name : path + "." + name;
    }

    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any .NET member")]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex("parameter \"(?:[^\"]*?) (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterPattern();
}
