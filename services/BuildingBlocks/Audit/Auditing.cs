using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Audit;

/// <summary>Marks a route group as a resource whose writes (and, when sensitive, reads) are audited.</summary>
public sealed record AuditedResource(string Name, bool SensitiveReads);

/// <summary>Names what an endpoint does in its audit entries ("erase", "merge"), where the HTTP method would not say it.</summary>
public sealed record AuditAction(string Name);

public static class Auditing
{
    /// <summary>Every write to this group's endpoints leaves exactly one audit entry; with <paramref name="sensitiveReads"/>, every read too.</summary>
    public static RouteGroupBuilder Audited(this RouteGroupBuilder group, string resource, bool sensitiveReads = false)
    {
        group.WithMetadata(new AuditedResource(resource, sensitiveReads));
        group.AddEndpointFilter<AuditFilter>();
        return group;
    }

    /// <summary>The action this endpoint's audit entries record, instead of the one its HTTP method implies.</summary>
    public static TBuilder WithAuditAction<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditAction(action));

    /// <summary>GET {prefix}/audit: the audit trail of this service, for administrators only. There is no write API.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app, string prefix)
    {
        app.MapGet($"{prefix}/audit", QueryAsync)
            .WithTags("Audit")
            .WithName($"Read{AuditedService(prefix)}AuditTrail")
            .WithSummary("Read this service's audit trail")
            .RequireScope(Scopes.Admin);
        return app;
    }

    /// <summary>"/api/v1/beneficiaries" gives "Beneficiaries", for a unique operation id per service.</summary>
    private static string AuditedService(string prefix)
    {
        var service = prefix.TrimEnd('/').Split('/')[^1];
        return service.Length == 0 ? "Service" : char.ToUpperInvariant(service[0]) + service[1..];
    }

    public sealed record AuditQuery(string? PartnerId, string? Resource, string? ResourceId, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);

    private static async Task<Results<Ok<PagedResult<AuditEntry>>, ValidationProblem>> QueryAsync(
        [AsParameters] AuditQuery query, ServiceDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(query.Page, query.PageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var entries = db.AuditEntries.AsNoTracking().AsQueryable();
        if (query.PartnerId is { } partner) entries = entries.Where(a => a.PartnerId == partner);
        if (query.Resource is { } resource) entries = entries.Where(a => a.Resource == resource);
        if (query.ResourceId is { } resourceId) entries = entries.Where(a => a.ResourceId == resourceId);
        if (query.From is { } from) entries = entries.Where(a => a.At >= from);
        if (query.To is { } to) entries = entries.Where(a => a.At < to);

        return TypedResults.Ok(await entries.OrderByDescending(a => a.At).ThenBy(a => a.Id).ToPageAsync(paging, cancellationToken));
    }
}

/// <summary>
/// Opens the audit entry before the handler runs, in the handler's own DbContext, so the entry
/// commits in the handler's SaveChanges together with the change. When the handler writes
/// nothing (a rejected or denied request) the entry is saved on its own afterwards; a read's
/// entry is committed with those of the reads running beside it (<see cref="AuditWriter"/>),
/// and the read answers once it has committed.
/// </summary>
internal sealed class AuditFilter(ServiceDbContext db, ICurrentPartner partner, TimeProvider clock, AuditWriter writer) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var resource = http.GetEndpoint()?.Metadata.GetMetadata<AuditedResource>();
        var isRead = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (resource is null || (isRead && !resource.SensitiveReads) || partner.PartnerId is null)
        {
            return await next(context);
        }

        var entry = AuditEntry.Begin(
            partner.PartnerId,
            partner.ClientId ?? "",
            resource.Name,
            ResourceIdOf(http),
            http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>()?.Name ?? ActionOf(http.Request.Method, isRead),
            Microsoft.Extensions.Hosting.CorrelationId.Get(http),
            clock.GetUtcNow());
        if (SuccessOf(http.GetEndpoint()) is { } success)
        {
            // The one success the endpoint declares (a create's 201) is assumed up front, so that a
            // successful request's entry commits with its change as it is, with no second write to correct it.
            entry.Complete(success);
        }

        db.AuditEntries.Add(entry);
        db.PendingAudit = entry;

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            // A failed or cancelled request: only its audit entry is kept, never its
            // Idempotency-Key, so that the retry can run it again.
            entry.Complete(StatusCodes.Status500InternalServerError);
            await db.SaveOnlyAsync(pending => pending == entry);
            throw;
        }

        var status = StatusOf(result) ?? http.Response.StatusCode;
        var changed = entry.Complete(status);
        if (isRead && db.Entry(entry).State == EntityState.Added)
        {
            // The read wrote nothing (whatever it left unsaved is dropped with its context): its
            // entry alone is committed, together with other reads' entries, before the answer leaves.
            db.Entry(entry).State = EntityState.Detached;
            await writer.WriteAsync(entry);
        }
        else if (db.Entry(entry).State == EntityState.Added || changed)
        {
            // An answer the client may replay (a success, or a 400) keeps its Idempotency-Key record too;
            // one that depends on the moment (404, 409, 422, …) leaves the key free for the retry.
            await db.SaveOnlyAsync(pending => pending == entry || (pending is IdempotencyRecord && IdempotencyMiddleware.IsReplayable(status)));
        }

        return result;
    }

    /// <summary>
    /// The route's id, a GUID in its one canonical spelling: the route accepts other spellings
    /// (upper case, braces, no dashes), and a read must not slip past a search of the trail by id.
    /// </summary>
    private static string? ResourceIdOf(HttpContext http)
    {
        var id = http.Request.RouteValues.TryGetValue("id", out var value) ? value?.ToString() : null;
        return Guid.TryParse(id, out var guid) ? guid.ToString() : id;
    }

    /// <summary>The endpoint's success status when it declares exactly one (its typed results say so).</summary>
    private static int? SuccessOf(Endpoint? endpoint)
    {
        int? success = null;
        foreach (var produces in endpoint?.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>() ?? [])
        {
            if (produces.StatusCode is >= 200 and < 300)
            {
                if (success is not null && success != produces.StatusCode)
                {
                    return null;
                }

                success = produces.StatusCode;
            }
        }

        return success;
    }

    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult status => status.StatusCode,
        _ => null,
    };

    private static string ActionOf(string method, bool isRead) =>
        isRead ? "read" : method.ToUpperInvariant() switch
        {
            "POST" => "create",
            "PUT" or "PATCH" => "update",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
}
