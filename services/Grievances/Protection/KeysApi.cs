using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Protection;

/// <summary>A key of the ring, by id only: key material never leaves the key file.</summary>
public sealed record SurvivorDataKey(string Id, bool Active);

/// <summary>A rotation's re-encryption: running, completed or failed, and how many values it has re-encrypted of how many.</summary>
public sealed record KeyRotationProgress(
    Guid Id, string KeyId, string Status, int Done, int Total, string? Error, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt)
{
    public static KeyRotationProgress From(KeyRotation r) => new(r.Id, r.KeyId, r.Status, r.Done, r.Total, r.Error, r.StartedAt, r.UpdatedAt, r.FinishedAt);
}

public sealed record SurvivorDataKeysResponse(string ActiveKey, IReadOnlyList<SurvivorDataKey> Keys, KeyRotationProgress? LastRotation);

/// <summary>
/// /api/v1/grievances/admin/keys: administrators rotate the survivor-data key (a new key becomes
/// active and a background job re-encrypts every older value under it), watch the job, and retire
/// an older key once no value needs it. Every call is audited.
/// </summary>
public static class KeysApi
{
    public const string Prefix = $"{CasesApi.Prefix}/admin/keys";

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).WithTags("Survivor-data keys").Audited("survivor-data-keys").RequireScope(Scopes.Admin);
        api.MapGet("/", GetAsync).WithName("GetSurvivorDataKeys")
            .WithSummary("The key ring's key ids, the active one, and the last rotation's re-encryption progress (admin scope)");
        api.MapPost("/rotate", RotateAsync).WithName("RotateSurvivorDataKey")
            .WithSummary("Make a new key active and start re-encrypting older values under it (admin scope)").WithAuditAction("rotate");
        api.MapDelete("/{keyId}", RetireAsync).WithName("RetireSurvivorDataKey")
            .WithSummary("Remove an older key from the ring once no value is encrypted under it (admin scope)").WithAuditAction("retire");
        return app;
    }

    public static async Task<Ok<SurvivorDataKeysResponse>> GetAsync(GrievancesDbContext db, SurvivorDataProtector protector, CancellationToken cancellationToken)
    {
        var ring = protector.Ring;
        var last = await db.KeyRotations.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(new SurvivorDataKeysResponse(
            ring.ActiveKeyId,
            ring.Keys.Keys.Order(StringComparer.Ordinal).Select(id => new SurvivorDataKey(id, id == ring.ActiveKeyId)).ToList(),
            last is null ? null : KeyRotationProgress.From(last)));
    }

    public static async Task<Results<Accepted<KeyRotationProgress>, ProblemHttpResult>> RotateAsync(
        GrievancesDbContext db, SurvivorDataProtector protector, KeyRingFile ringFile, KeyRotationSignal signal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await db.KeyRotations.AnyAsync(r => r.Status == KeyRotationStatus.Running, cancellationToken))
        {
            return RotationRunning();
        }

        var now = clock.GetUtcNow();
        var keyId = $"k{now:yyyyMMddHHmmssfff}";
        KeyRing ring;
        try
        {
            ring = ringFile.Change(current => current.Rotate(keyId));
        }
        catch (InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A key was rotated in at the same moment", detail: "Try again.");
        }

        protector.Use(ring);
        var rotation = KeyRotation.Start(keyId, await EncryptedFields.CountNotUnderActiveKeyAsync(db, protector, cancellationToken), now);
        db.KeyRotations.Add(rotation);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Accepted(Prefix, KeyRotationProgress.From(rotation));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RetireAsync(
        string keyId, GrievancesDbContext db, SurvivorDataProtector protector, KeyRingFile ringFile, CancellationToken cancellationToken)
    {
        if (!protector.Ring.Keys.ContainsKey(keyId))
        {
            return TypedResults.NotFound();
        }

        if (keyId == protector.ActiveKeyId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The active key cannot be retired", detail: "Rotate to a new key first.");
        }

        if (await db.KeyRotations.AnyAsync(r => r.Status == KeyRotationStatus.Running, cancellationToken))
        {
            return RotationRunning();
        }

        var inUse = await EncryptedFields.CountUnderKeyAsync(db, keyId, cancellationToken);
        if (inUse > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Values are still encrypted under this key",
                detail: $"{inUse} values still need key '{keyId}'. Rotate, and retire it once the re-encryption has completed.");
        }

        try
        {
            protector.Use(ringFile.Change(current => current.Keys.ContainsKey(keyId) ? current.Without(keyId) : current));
        }
        catch (InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The active key cannot be retired", detail: "Another instance made it active.");
        }

        return TypedResults.NoContent();
    }

    private static ProblemHttpResult RotationRunning() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A re-encryption is still running",
            detail: $"Wait until GET {Prefix} shows the last rotation completed.");
}
