using System.Text.Json;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JusticePlatform.BuildingBlocks.Idempotency;

/// <summary>
/// Lets a create record the answer it is about to give in its Idempotency-Key record before its
/// change commits, so that the key's answer commits together with the change rather than in a
/// second write after the response. The middleware still compares the answer actually sent with
/// the recorded one, and records the one sent when they differ: an endpoint that forgets this, or
/// answers otherwise, only pays the second write.
/// </summary>
public static class IdempotentAnswers
{
    /// <summary>
    /// Call just before the create's SaveChanges, once the response's headers (ETag) are set, with
    /// the status, location and body the endpoint answers as JSON. Does nothing without an Idempotency-Key.
    /// </summary>
    public static void RecordBeforeCommit<TBody>(this HttpContext http, ServiceDbContext db, int statusCode, string location, TBody body)
    {
        if (db.PendingIdempotency is not { } record)
        {
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var eTag = http.Response.Headers.ETag.ToString();
        record.Complete(statusCode, JsonContentType, location, eTag.Length == 0 ? null : eTag, JsonSerializer.SerializeToUtf8Bytes(body, options));
    }

    // What TypedResults' JSON answers carry.
    private const string JsonContentType = "application/json; charset=utf-8";
}
