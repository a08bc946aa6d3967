using System.Collections.Concurrent;
using System.Reflection;
using JusticePlatform.BuildingBlocks.Persistence;
using MassTransit;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Base of every consumer: the message id is recorded in the inbox in the same transaction as
/// the consumer's effect, so a redelivered message takes effect once. The effect must go
/// through <see cref="Db"/>'s change tracker (no SaveChanges of its own); events it raises go
/// through <see cref="ServiceDbContext.AddIntegrationEvent{TEvent}"/> and commit with it.
/// Messages arriving together share one commit (<see cref="Inbox{TContext}"/>), each one still
/// seeing what the ones before it wrote. An exception fails this message alone: it is retried
/// and then moved to the error queue, whatever the messages it was grouped with did.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TContext>(TContext db, Inbox<TContext> inbox) : IConsumer<TMessage>
    where TMessage : class
    where TContext : ServiceDbContext
{
    private TContext? _handling;

    /// <summary>The context of the commit this message is part of; only valid inside <see cref="HandleAsync"/>.</summary>
    protected TContext Db => _handling ?? throw new InvalidOperationException("Db is only available while a message is handled.");

    private static readonly ConcurrentDictionary<Type, string> Names = new();

    /// <summary>The consumer's <see cref="InboxNameAttribute"/>: its key in the inbox, whatever the class is called.</summary>
    private string ConsumerName => Names.GetOrAdd(GetType(), InboxNameAttribute.Of);

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");

        // An event is the platform's own work: it may touch any partner's projection rows.
        db.DeclareSystemWork();

        // The request that raised the event goes on here: what this consumer logs, and the events it raises, carry its id.
        var correlationId = context.Headers.Get<string>(OutboxHeaders.CorrelationId);
        using var correlation = inbox.BeginCorrelation(correlationId);
        var pending = new InboxEntry<TContext>(
            messageId, ConsumerName, ReadsByKeyOnly, (commit, cancellationToken) => HandleWithAsync(commit, context.Message, correlationId, cancellationToken),
            LookupKey(context.Message), LoadAsync);
        bool applied;
        try
        {
            applied = await inbox.ApplyAsync(pending, db, context.CancellationToken);
        }
        catch
        {
            inbox.Metrics.ConsumeFailed(ConsumerName);
            throw;
        }

        inbox.LogOutcome(messageId, ConsumerName, applied);
        if (applied)
        {
            inbox.Metrics.Consumed(ConsumerName, db.Clock.GetUtcNow() - OccurredAt(context));
        }
        else
        {
            inbox.Metrics.DuplicateSkipped(ConsumerName);
        }
    }

    private async Task HandleWithAsync(TContext commit, TMessage message, string? correlationId, CancellationToken cancellationToken)
    {
        // Another consumer may be applying this message with its own group: the scope is this message's own.
        using var correlation = inbox.BeginCorrelation(correlationId);
        _handling = commit;
        try
        {
            await HandleAsync(message, cancellationToken);
        }
        finally
        {
            _handling = null;
        }
    }

    private DateTimeOffset OccurredAt(ConsumeContext context) =>
        context.Headers.Get<string>(OutboxHeaders.OccurredAt) is { } value && DateTimeOffset.TryParse(value, out var occurredAt)
            ? occurredAt
            : context.SentTime ?? db.Clock.GetUtcNow();

    protected abstract Task HandleAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// True when the handler reads rows only by key (<c>FindAsync</c>), which finds the changes of
    /// the messages before it in its inbox commit even before they are saved: the commit then saves
    /// them together. By default what is pending is saved before this handler runs, so that its
    /// queries see it.
    /// </summary>
    protected virtual bool ReadsByKeyOnly => false;

    /// <summary>
    /// The key this message's handler finds its row by, or null. With <see cref="LoadAsync"/>, the
    /// rows of a whole inbox group are then loaded with one query before any of its messages is
    /// handled, rather than one query per message.
    /// </summary>
    protected virtual object? LookupKey(TMessage message) => null;

    /// <summary>
    /// Loads (and tracks) the rows of <paramref name="keys"/> in one query, for the messages of a
    /// group (see <see cref="LookupKey"/>). A handler then finds them by key with no query, and
    /// <see cref="InboxLookups.IsCovered"/> tells it that a key with no tracked row has no row at all.
    /// </summary>
    protected virtual Task LoadAsync(TContext db, IReadOnlyList<object> keys, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The name a consumer's messages are remembered under in the inbox. Every consumer declares one,
/// and never changes it: renaming the class must not make the inbox forget what it applied (it
/// would apply every redelivered message again). Consumers written before the name was explicit
/// keep their class name of that time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InboxNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The declared name of <paramref name="consumer"/>; throws when it has none, so that a consumer without one never runs.</summary>
    public static string Of(Type consumer) =>
        consumer.GetCustomAttribute<InboxNameAttribute>() is { Name.Length: > 0 } declared
            ? declared.Name
            : throw new InvalidOperationException($"{consumer.Name} declares no [InboxName]: its inbox rows need a name that outlives the class's.");
}
