using MassTransit;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Counts the messages a consumer gave up on: MassTransit calls a receive observer's ConsumeFault
/// once the consume pipe (its retries included) has failed, just before the message goes to the
/// endpoint's _error queue. A rising count is the ops team's cue to look at that queue.
/// </summary>
internal sealed class DeadLetterObserver(MessagingMetrics metrics) : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class
    {
        metrics.DeadLettered(consumerType);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
