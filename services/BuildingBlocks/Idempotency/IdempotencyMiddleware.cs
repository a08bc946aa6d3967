using System.Security.Cryptography;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Idempotency;

/// <summary>Marks an endpoint (a create) that honours the Idempotency-Key header.</summary>
public sealed class IdempotentAttribute : Attribute;

public static class IdempotencyExtensions
{
    public static TBuilder Idempotent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute());

    /// <summary>After authentication and authorization: the key is scoped to the calling partner.</summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}

/// <summary>
/// A field office retries an upload it is not sure went through: the same Idempotency-Key with
/// the same body replays the first answer and writes nothing; the same key with another body is
/// refused (422). Only a success (2xx) or a refusal of the request itself (400) is replayed; an
/// answer that depends on the moment (404, 409, 412, 422, 428, 429, 5xx) leaves no record. The key's record is added to the request's own DbContext, so it commits in the
/// same transaction as the create; two concurrent requests with one key cannot both commit.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string HeaderName = IdempotencyKeyHeader.Name;
    public const int MaxKeyLength = IdempotencyKeyHeader.MaxLength;

    public async Task InvokeAsync(HttpContext context, ICurrentPartner partner, TimeProvider clock)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(key) || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null || partner.PartnerId is null)
        {
            await next(context);
            return;
        }

        if (!IdempotencyKeyHeader.IsValid(key))
        {
            await context.WriteProblemAsync(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", $"The key must be 1 to {MaxKeyLength} printable characters.");
            return;
        }

        var db = context.RequestServices.GetRequiredService<ServiceDbContext>();
        var hash = await HashRequestAsync(context.Request);
        // The key is the client's free text (it may hold a name): only its hash is stored.
        var storedKey = IdempotencyRecord.StoredKeyOf(key);
        var partnerId = partner.PartnerId;
        var existing = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.PartnerId == partnerId && r.Key == storedKey, context.RequestAborted);
        if (existing is not null)
        {
            await AnswerRepeatAsync(context, existing, hash);
            return;
        }

        var record = IdempotencyRecord.Start(partnerId, storedKey, hash, clock.GetUtcNow());
        db.IdempotencyRecords.Add(record);
        db.PendingIdempotency = record;

        var originalBody = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch (Exception failure)
        {
            context.Response.Body = originalBody;
            // Nothing was answered: the key stays free, so the retry runs the request again.
            Forget(db, record);
            if (failure is DbUpdateException
                && await db.IdempotencyRecords.AsNoTracking().AnyAsync(r => r.PartnerId == partnerId && r.Key == storedKey, CancellationToken.None))
            {
                // A concurrent request with the same key committed first.
                context.Response.Clear();
                await context.WriteProblemAsync(StatusCodes.Status409Conflict, "Request already in progress",
                    "Another request with this Idempotency-Key was being processed; retry to get its answer.");
                return;
            }

            throw;
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        db.PendingIdempotency = null;
        var status = context.Response.StatusCode;
        var contentType = context.Response.ContentType;
        var location = context.Response.Headers.Location.ToString();
        var eTag = NullIfEmpty(context.Response.Headers.ETag.ToString());
        if (!IsReplayable(status) && db.Entry(record).State == EntityState.Added)
        {
            // An answer about this moment (not found yet, a conflict, a precondition, a reference
            // that has not arrived, too many requests, a server error) would be a lie on retry:
            // nothing is recorded, so the retry runs again.
            Forget(db, record);
        }
        else if (db.Entry(record).State == EntityState.Unchanged && record.Answered(status, contentType, location, eTag, captured.GetBuffer().AsSpan(0, (int)captured.Length)))
        {
            // The handler recorded this very answer before its change committed, in the same commit
            // (IdempotentAnswers): nothing is left to write.
        }
        else
        {
            record.Complete(status, contentType, location, eTag, captured.ToArray());
            await db.SaveOnlyAsync(pending => pending == record);
        }

        captured.Position = 0;
        await captured.CopyToAsync(originalBody, context.RequestAborted);
    }

    /// <summary>
    /// Only what stays true is replayed: a success, and a refusal of the request itself (400),
    /// which the same body will always get.
    /// </summary>
    public static bool IsReplayable(int status) => status is >= 200 and < 300 or StatusCodes.Status400BadRequest;

    /// <summary>Drops the key's record unless the handler already committed it together with its effect.</summary>
    private static void Forget(ServiceDbContext db, IdempotencyRecord record)
    {
        if (db.Entry(record).State == EntityState.Added)
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    private static async Task AnswerRepeatAsync(HttpContext context, IdempotencyRecord existing, string hash)
    {
        if (existing.RequestHash != hash)
        {
            await context.WriteProblemAsync(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                "This key was already used for a different request. Use a new key for a new request.");
            return;
        }

        if (!existing.IsComplete)
        {
            await context.WriteProblemAsync(StatusCodes.Status409Conflict, "Request already processed",
                "A request with this key was processed but its answer was not recorded; read the resource instead of creating it again.");
            return;
        }

        context.Response.StatusCode = existing.StatusCode!.Value;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (!string.IsNullOrEmpty(existing.Location)) context.Response.Headers.Location = existing.Location;
        if (!string.IsNullOrEmpty(existing.ETag)) context.Response.Headers.ETag = existing.ETag;
        if (existing.ContentType is not null) context.Response.ContentType = existing.ContentType;
        if (existing.Body is { Length: > 0 } body) await context.Response.Body.WriteAsync(body);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
