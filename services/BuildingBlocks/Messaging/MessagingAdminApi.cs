using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.BuildingBlocks.Messaging;

public sealed record ParkedOutboxMessage(
    Guid Id, string MessageType, DateTimeOffset OccurredAt, DateTimeOffset? ParkedAt, int ReadFailures, int PublishFailures, string? LastError);

public sealed record RedriveResult(string Queue, string SourceQueue, int Moved);

/// <summary>
/// What an administrator does about messages that did not go through: outbox rows parked because
/// they could not be read as a known event, and messages a consumer gave up on (its _error
/// queues). Both can be listed and, once the fault is fixed, re-driven: a parked row is published
/// with the next dispatcher round, a dead letter goes back to the queue it came from. Admin scope.
/// </summary>
public static class MessagingAdminApi
{
    /// <summary>Most messages one re-drive of an error queue moves; call again for more.</summary>
    public const int MaxRedrive = 1000;

    public static IEndpointRouteBuilder MapMessagingAdminApi(this IEndpointRouteBuilder app, string prefix)
    {
        var service = prefix.TrimEnd('/').Split('/')[^1];
        var name = service.Length == 0 ? "Service" : char.ToUpperInvariant(service[0]) + service[1..];
        var admin = app.MapGroup($"{prefix}/admin").WithTags("Messaging administration").RequireScope(Scopes.Admin);

        admin.MapGet("/outbox/parked", ListParkedAsync)
            .WithName($"List{name}ParkedOutboxMessages")
            .WithSummary("List this service's parked outbox messages")
            .WithDescription("Events that could not be read as a known event after repeated attempts, oldest first. Publish failures are retried, never parked.");
        admin.MapPost("/outbox/parked/{id:guid}/redrive", RedriveParkedAsync)
            .WithName($"Redrive{name}ParkedOutboxMessage")
            .WithSummary("Publish a parked outbox message again")
            .WithDescription("For after the fault is fixed (the event type deployed again, say): the row goes out with the next dispatcher round.");
        admin.MapGet("/dead-letters", ListDeadLettersAsync)
            .WithName($"List{name}DeadLetterQueues")
            .WithSummary("List this service's error queues and how many messages wait in each");
        admin.MapPost("/dead-letters/{queue}/redrive", RedriveDeadLettersAsync)
            .WithName($"Redrive{name}DeadLetters")
            .WithSummary("Move the messages of an error queue back to their queue")
            .WithDescription($"Moves up to {MaxRedrive} messages, oldest first, back to the queue they failed on; each is consumed once (the inbox skips one already applied).");
        return app;
    }

    private static async Task<Results<Ok<PagedResult<ParkedOutboxMessage>>, ValidationProblem>> ListParkedAsync(
        int? page, int? pageSize, ServiceDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeadAt != null && m.SentAt == null)
            .OrderBy(m => m.OccurredAt)
            .Select(m => new ParkedOutboxMessage(m.Id, m.MessageType, m.OccurredAt, m.DeadAt, m.ReadFailures, m.Attempts, m.LastError))
            .ToPageAsync(paging, cancellationToken));
    }

    private static async Task<Results<Ok<ParkedOutboxMessage>, NotFound>> RedriveParkedAsync(
        Guid id, ServiceDbContext db, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var row = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id && m.DeadAt != null && m.SentAt == null, cancellationToken);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        row.Redrive();
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Ok(new ParkedOutboxMessage(row.Id, row.MessageType, row.OccurredAt, row.DeadAt, row.ReadFailures, row.Attempts, row.LastError));
    }

    private static async Task<Ok<IReadOnlyList<DeadLetterQueues.DeadLetterQueue>>> ListDeadLettersAsync(DeadLetterQueues queues, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queues.ListAsync(cancellationToken));

    private static async Task<Results<Ok<RedriveResult>, NotFound>> RedriveDeadLettersAsync(
        string queue, DeadLetterQueues queues, CancellationToken cancellationToken)
    {
        if (queues.SourceOf(queue) is not { } source)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new RedriveResult(queue, source, await queues.RedriveAsync(queue, MaxRedrive, cancellationToken)));
    }
}
