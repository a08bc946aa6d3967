using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// The _error queues of this service's consumer endpoints, read and re-driven over AMQP with the
/// service's own broker connection string: a message MassTransit gave up on is moved back to the
/// queue it came from, once its fault is fixed. Each message is published to the source queue
/// (confirmed by the broker) before it is removed from the _error queue; a crash in between
/// delivers it twice, which the consumers' inbox absorbs (the message keeps its id).
/// </summary>
public sealed class DeadLetterQueues(string connectionString)
{
    public const string ErrorSuffix = "_error";

    private readonly ConcurrentDictionary<string, bool> _sourceQueues = new(StringComparer.Ordinal);

    /// <summary>Called for each consumer endpoint as the bus is configured.</summary>
    internal void AddSource(string queue) => _sourceQueues.TryAdd(queue, true);

    /// <summary>The source queue of one of this service's error queues, or null when it is not one.</summary>
    public string? SourceOf(string errorQueue) =>
        errorQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal) && errorQueue[..^ErrorSuffix.Length] is var source && _sourceQueues.ContainsKey(source)
            ? source
            : null;

    public sealed record DeadLetterQueue(string Queue, string SourceQueue, long Messages);

    /// <summary>Every error queue of this service's endpoints, with the messages waiting in it (0 when it does not exist yet).</summary>
    public async Task<IReadOnlyList<DeadLetterQueue>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var queues = new List<DeadLetterQueue>();
        foreach (var source in _sourceQueues.Keys.Order(StringComparer.Ordinal))
        {
            queues.Add(new DeadLetterQueue(source + ErrorSuffix, source, await CountAsync(connection, source + ErrorSuffix, cancellationToken)));
        }

        return queues;
    }

    public sealed record QueueDepth(string Queue, long Messages, long ErrorMessages);

    /// <summary>Each of this service's consumer queues with the messages waiting in it and in its _error queue.</summary>
    public async Task<IReadOnlyList<QueueDepth>> DepthsAsync(CancellationToken cancellationToken)
    {
        if (_sourceQueues.IsEmpty)
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        var depths = new List<QueueDepth>();
        foreach (var source in _sourceQueues.Keys.Order(StringComparer.Ordinal))
        {
            depths.Add(new QueueDepth(source, await CountAsync(connection, source, cancellationToken), await CountAsync(connection, source + ErrorSuffix, cancellationToken)));
        }

        return depths;
    }

    /// <summary>Moves up to <paramref name="max"/> messages from <paramref name="errorQueue"/> back to its source queue; the number moved.</summary>
    public async Task<int> RedriveAsync(string errorQueue, int max, CancellationToken cancellationToken)
    {
        var source = SourceOf(errorQueue) ?? throw new ArgumentException($"{errorQueue} is not an error queue of this service.", nameof(errorQueue));
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var moved = 0;
        while (moved < max && await NextAsync(channel, errorQueue, cancellationToken) is { } message)
        {
            // Through the source queue's own exchange (MassTransit binds it to the queue), not the default
            // exchange: a service's broker user may write only to its own exchanges.
            await channel.BasicPublishAsync(exchange: source, routingKey: "", mandatory: true,
                basicProperties: new BasicProperties(message.BasicProperties), body: message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static async Task<BasicGetResult?> NextAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null; // no message has failed on this endpoint yet: nothing to move
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        await new ConnectionFactory { Uri = new Uri(connectionString), ClientProvidedName = "dead-letter re-drive" }.CreateConnectionAsync(cancellationToken);

    private static async Task<long> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel: one channel per queue.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0; // no message has failed on this endpoint yet
        }
    }
}
