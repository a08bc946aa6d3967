using JusticePlatform.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "messaging";

    /// <summary>
    /// MassTransit over RabbitMQ with publisher confirms, the outbox dispatcher for
    /// <typeparamref name="TContext"/>, and retry-then-error-queue on every consumer endpoint.
    /// Queues are named after the service ("activities-beneficiary-registered"), so each service
    /// gets its own copy of an event. Every queue is a quorum queue (its _error and _skipped queues
    /// take the same arguments), so one node and a three-node cluster run the same configuration.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TContext : ServiceDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing (ConnectionStrings:{ConnectionName}, an amqp:// URI).");
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();

        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection(MessagingOptions.Section));
        builder.Services.TryAddSingleton<MessagingMetrics>();
        builder.Services.TryAddSingleton<Inbox<TContext>>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddReceiveObserver<DeadLetterObserver>();
        var deadLetters = new DeadLetterQueues(connectionString);
        builder.Services.AddSingleton(deadLetters);
        builder.Services.AddHostedService<QueueDepthReader>();

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports its configuration to its makers unless told not to: nothing leaves the platform.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            addConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((_, queue, endpoint) =>
            {
                deadLetters.AddSource(queue);
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                {
                    // Replicated and durable on a cluster; a classic queue of the same name cannot be
                    // redeclared as quorum (docs/OPERATIONS.md, "Quorum queues").
                    rabbitEndpoint.SetQuorumQueue();
                }

                endpoint.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit,
                    options.RetryMinInterval,
                    options.RetryMaxInterval,
                    options.RetryMinInterval));
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                if (options.PrefetchCount is { } prefetch)
                {
                    rabbit.PrefetchCount = prefetch;
                }

                if (options.ConcurrentMessageLimit is { } limit)
                {
                    rabbit.ConcurrentMessageLimit = limit;
                }

                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
