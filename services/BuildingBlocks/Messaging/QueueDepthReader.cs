using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Reads the depth of this service's consumer queues and their _error queues from the broker every
/// <see cref="MessagingOptions.QueueDepthInterval"/>, for the gauges of <see cref="MessagingMetrics"/>:
/// a growing queue is consumer lag, a message in an _error queue waits for a person.
/// </summary>
internal sealed class QueueDepthReader(
    DeadLetterQueues queues, MessagingMetrics metrics, IOptions<MessagingOptions> options, TimeProvider clock, ILogger<QueueDepthReader> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                metrics.ObserveQueues(await queues.DepthsAsync(stoppingToken));
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The broker's own alerts say it is down; one line here, not one per round.
                if (!failing)
                {
                    logger.LogWarning("The depth of the queues could not be read from the broker: {Error}", ex.Message);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(options.Value.QueueDepthInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
