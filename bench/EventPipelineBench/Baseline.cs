using System.Diagnostics;
using MassTransit;

namespace JusticePlatform.Bench;

/// <summary>A bare MassTransit bus on the benchmark's virtual host: publishes with confirms, a queue of its own, a handler that only counts.</summary>
internal static class Baseline
{
    public static async Task<(int Messages, double PerSecond)> RunAsync(string connectionString, int messages)
    {
        var consumed = 0;
        var target = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
            rabbit.ReceiveEndpoint("bench-baseline", endpoint => endpoint.Handler<BaselinePing>(_ =>
            {
                if (Interlocked.Increment(ref consumed) == Volatile.Read(ref target))
                {
                    done.TrySetResult();
                }

                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        try
        {
            // Warm-up, then the measured run; publishes go out with up to a window of confirms outstanding.
            await RunOnceAsync(bus, 1_000);
            var watch = Stopwatch.StartNew();
            await RunOnceAsync(bus, messages);
            return (messages, messages / watch.Elapsed.TotalSeconds);
        }
        finally
        {
            await bus.StopAsync();
        }

        async Task RunOnceAsync(IBus bus, int count)
        {
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref target, Volatile.Read(ref consumed) + count);
            const int Window = 200;
            for (var sent = 0; sent < count; sent += Window)
            {
                await Task.WhenAll(Enumerable.Range(sent, Math.Min(Window, count - sent)).Select(n => bus.Publish(new BaselinePing(n))));
            }

            await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
    }
}

public sealed record BaselinePing(int Number);
