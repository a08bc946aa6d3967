using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>
/// Optimistic concurrency on updates, the same in every service: a record's version is its
/// strong ETag; an update must send it back in If-Match (428 without it, 412 when stale).
/// </summary>
public static class ETags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <summary>
    /// RFC 9110 If-Match: "*" matches any current record, otherwise one of the listed strong tags
    /// must be the record's. Updates check it through <see cref="ConcurrentUpdate.Refusal"/>.
    /// </summary>
    public static bool Matches(string? ifMatch, int version) => Microsoft.Extensions.Hosting.EntityTags.Match(ifMatch, Of(version));

    public static ProblemHttpResult Required(string resource) =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required",
            detail: $"Read the {resource} first and send its ETag in If-Match, so that no one else's change is overwritten.");

    public static ProblemHttpResult Stale(string resource) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: $"The {resource} was changed by someone else",
            detail: "Read it again, reapply your change and send the new ETag in If-Match.");
}
