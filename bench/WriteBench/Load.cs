using System.Diagnostics;

/// <summary>A small closed-loop HTTP load generator: N workers, each sending its next request as soon as the last is answered.</summary>
internal static class Load
{
    /// <summary>Throughput, latency, and this process's CPU time per request (services, gateway and load generator together).</summary>
    public sealed record Result(int Requests, double PerSecond, double MeanMs, double P99Ms, int Errors, double CpuMsPerRequest, double KBPerRequest);

    /// <summary><paramref name="workers"/> requests always in flight for <paramref name="duration"/>: the saturation throughput.</summary>
    public static async Task<Result> ClosedAsync(HttpClient client, Func<int, HttpRequestMessage> request, int expected, int workers, TimeSpan duration)
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
                if (!await SendAsync(client, request(n), expected))
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

    private static async Task<bool> SendAsync(HttpClient client, HttpRequestMessage request, int expected)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead))
            {
                return (int)response.StatusCode == expected;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static Result Summarise(List<long> ticks, TimeSpan elapsed, int errors, TimeSpan cpu, long allocated)
    {
        ticks.Sort();
        var toMs = 1000.0 / Stopwatch.Frequency;
        return ticks.Count == 0
            ? new Result(0, 0, 0, 0, errors, 0, 0)
            : new Result(ticks.Count, ticks.Count / elapsed.TotalSeconds, ticks.Average() * toMs, ticks[(int)Math.Min(ticks.Count - 1, ticks.Count * 0.99)] * toMs, errors,
                cpu.TotalMilliseconds / ticks.Count, allocated / 1024.0 / ticks.Count);
    }
}
