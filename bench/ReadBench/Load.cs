using System.Diagnostics;

/// <summary>A small HTTP load generator: closed loop (N workers back to back) and open loop (a fixed rate).</summary>
internal static class Load
{
    /// <summary>Throughput, latency, and this process's CPU time per request (services and load generator together): steadier than throughput on a busy machine.</summary>
    public sealed record Result(double PerSecond, double MeanMs, double P99Ms, int Errors, double CpuMsPerRequest, double KBPerRequest);

    /// <summary><paramref name="workers"/> requests always in flight for <paramref name="duration"/>: the saturation throughput.</summary>
    public static async Task<Result> ClosedAsync(HttpClient client, Func<int, string> path, int expected, int workers, TimeSpan duration)
    {
        var cpu = Cpu();
        var allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var errors = 0;
        var all = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<long>(100_000);
            for (var n = worker; watch.Elapsed < duration; n += workers)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SendAsync(client, path(n), expected))
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(Stopwatch.GetTimestamp() - started);
            }

            return latencies;
        })));
        var elapsed = watch.Elapsed;
        return Summarise(all.SelectMany(l => l).ToList(), elapsed, errors, Cpu() - cpu, GC.GetTotalAllocatedBytes() - allocated);
    }

    /// <summary>
    /// Requests started at a fixed <paramref name="perSecond"/> whatever the answers' pace, each
    /// timed from when it was due (so a stall counts for every request it delays).
    /// </summary>
    public static async Task<Result> OpenAsync(HttpClient client, Func<int, string> path, int expected, double perSecond, TimeSpan duration)
    {
        var cpu = Cpu();
        var allocated = GC.GetTotalAllocatedBytes();
        var interval = Stopwatch.Frequency / perSecond;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var running = new List<Task<long>>();
        for (var n = 0; ; n++)
        {
            var due = start + (long)(n * interval);
            if (due >= end)
            {
                break;
            }

            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1);
            }

            var request = n;
            running.Add(Task.Run(async () =>
            {
                if (!await SendAsync(client, path(request), expected))
                {
                    Interlocked.Increment(ref errors);
                }

                return Stopwatch.GetTimestamp() - due;
            }));
        }

        var latencies = await Task.WhenAll(running);
        return Summarise([.. latencies], TimeSpan.FromSeconds((double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency), errors, Cpu() - cpu, GC.GetTotalAllocatedBytes() - allocated);
    }

    private static async Task<bool> SendAsync(HttpClient client, string path, int expected)
    {
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            return (int)response.StatusCode == expected;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static Result Summarise(List<long> ticks, TimeSpan elapsed, int errors, TimeSpan cpu, long allocated)
    {
        ticks.Sort();
        var toMs = 1000.0 / Stopwatch.Frequency;
        return ticks.Count == 0
            ? new Result(0, 0, 0, errors, 0, 0)
            : new Result(ticks.Count / elapsed.TotalSeconds, ticks.Average() * toMs, ticks[(int)Math.Min(ticks.Count - 1, ticks.Count * 0.99)] * toMs, errors,
                cpu.TotalMilliseconds / ticks.Count, allocated / 1024.0 / ticks.Count);
    }
}
