using JusticePlatform.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Base of every consumer: the message id is recorded in the inbox in the same SaveChanges as
/// the consumer's effect, so a redelivered message takes effect once. The effect must go
/// through <see cref="Db"/>'s change tracker (no SaveChanges of its own); events it raises go
/// through <see cref="ServiceDbContext.AddIntegrationEvent{TEvent}"/> and commit with it.
/// An exception propagates, so the message is retried and then moved to the error queue.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TContext>(TContext db, MessagingMetrics metrics) : IConsumer<TMessage>
    where TMessage : class
    where TContext : ServiceDbContext
{
    protected TContext Db => db;

    private string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");

        // An event is the platform's own work: it may touch any partner's projection rows.
        db.DeclareSystemWork();

        if (await AlreadyProcessedAsync(messageId, context.CancellationToken))
        {
            metrics.DuplicateSkipped(ConsumerName);
            return;
        }

        try
        {
            db.InboxMessages.Add(new InboxMessage(messageId, ConsumerName, db.Clock.GetUtcNow()));
            await HandleAsync(context.Message, context.CancellationToken);
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await AlreadyProcessedAsync(messageId, context.CancellationToken))
            {
                // A concurrent delivery of the same message committed first.
                metrics.DuplicateSkipped(ConsumerName);
                return;
            }

            metrics.ConsumeFailed(ConsumerName);
            throw;
        }
        catch
        {
            metrics.ConsumeFailed(ConsumerName);
            throw;
        }

        metrics.Consumed(ConsumerName, db.Clock.GetUtcNow() - OccurredAt(context));
    }

    private DateTimeOffset OccurredAt(ConsumeContext context) =>
        context.Headers.Get<string>(OutboxHeaders.OccurredAt) is { } value && DateTimeOffset.TryParse(value, out var occurredAt)
            ? occurredAt
            : context.SentTime ?? db.Clock.GetUtcNow();

    protected abstract Task HandleAsync(TMessage message, CancellationToken cancellationToken);

    private Task<bool> AlreadyProcessedAsync(Guid messageId, CancellationToken cancellationToken) =>
        db.InboxMessages.AsNoTracking().AnyAsync(m => m.MessageId == messageId && m.Consumer == ConsumerName, cancellationToken);
}
