// Measures the event pipeline, from a committed outbox row in Beneficiaries to the inbox row of
// Activities' consumer, on the platform started in-process by TestSupport (real PostgreSQL and
// RabbitMQ, from the same TEST_* variables as the integration tests).
//
//   dotnet run -c Release --project bench/EventPipelineBench              (saturation, then 60 % of it, then the backlog)
//   dotnet run -c Release --project bench/EventPipelineBench [rate ...]   (fixed rates in writes/s instead of 60 % of saturation)
//   dotnet run -c Release --project bench/EventPipelineBench backlog      (the baseline and the backlog only)
//
// 1. Baseline: a bare MassTransit publisher (publisher confirms) and consumer on the same broker,
//    in a queue of their own: messages/s from the first publish to the last consume.
// 2. Saturation: BENCH_WORKERS (default 32) writers POST registrations one after another (closed
//    loop) for BENCH_SATURATION_SECONDS (default 5): the registrations per second the platform takes.
//    Without rates given, the open loop then runs at 60 % of it.
// 3. Open loop: distinct registrations POSTed straight to Beneficiaries at a fixed rate, each at
//    its planned time whatever the previous answers did (no coordinated omission), for
//    BENCH_SECONDS (default 10) per rate. Lag per event is read from the databases: the outbox
//    row's OccurredAt to the Activities inbox row's ProcessedAt.
// 4. Backlog: BENCH_BACKLOG (default 20,000) events committed in one transaction, drained by the
//    dispatcher and consumer as fast as they go: the pipeline's own capacity, without the HTTP path.
//
// Columns: http p99 is the POST's answer time from its planned send; p50/p99/max the lag per event;
// sent/s the rows marked sent (outbox SentAt) and events/s the events applied (inbox ProcessedAt)
// per second since the phase's first commit; × base is events/s over the baseline's msg/s.
//
// It reports and never fails: a missing database or broker prints why and exits 0.
using System.Diagnostics;
using System.Net.Http.Json;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.Bench;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

// The in-process hosts find their content roots from the output folder, not from where dotnet run was started.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
int[] rates = args is ["backlog"] ? [] : args.Select(int.Parse).ToArray();
var saturate = args.Length == 0;
var workers = int.TryParse(Environment.GetEnvironmentVariable("BENCH_WORKERS"), out var w) ? w : 32;
var saturationSeconds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SATURATION_SECONDS"), out var ss) ? ss : 5;
var seconds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SECONDS"), out var s) ? s : 10;
var backlog = int.TryParse(Environment.GetEnvironmentVariable("BENCH_BACKLOG"), out var b) ? b : 20_000;
var registeredUrn = MessageUrn.ForTypeString(typeof(BeneficiaryRegistered));
const string Consumer = nameof(BeneficiaryRegisteredConsumer);

try
{
    Console.WriteLine($"cores {Environment.ProcessorCount}, load average {LoadAverage()} at start; {seconds} s per rate, backlog {backlog}");
    await using var platform = await TestPlatform.StartAsync("EventPipelineBench");
    // The services' own clock: the outbox's OccurredAt and the inbox's ProcessedAt come from it too.
    var clock = platform.Beneficiaries.Services.GetRequiredService<TimeProvider>();

    var baseline = await Baseline.RunAsync(platform.Resources.RabbitConnectionString, messages: 20_000);
    Console.WriteLine($"baseline: bare MassTransit publish (confirms) + consume, {baseline.Messages} messages: {baseline.PerSecond:0} msg/s (load {LoadAverage()})");
    Console.WriteLine();

    using var client = await platform.ClientAsync(platform.Beneficiaries, "bench", Scopes.BeneficiariesWrite);
    client.Timeout = TimeSpan.FromMinutes(2);
    var person = 0;
    await OpenLoopAsync(rate: 20, duration: 2); // warm-up: JIT, pools, queues; not reported
    await DrainAsync(TimeSpan.FromSeconds(60));

    if (saturate)
    {
        var saturation = await ClosedLoopAsync(workers, saturationSeconds);
        await DrainAsync(TimeSpan.FromSeconds(120));
        Console.WriteLine($"saturation: {workers} writers, closed loop, {saturationSeconds} s: {saturation:0} registrations/s; open loop at 60 %: {(int)(saturation * 0.6)}/s (load {LoadAverage()})");
        rates = [Math.Max(1, (int)(saturation * 0.6))];
    }

    Console.WriteLine($"{"phase",-12} {"sent",6} {"http err",8} {"http p99",9} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"sent/s",7} {"events/s",9} {"× base",7}  load (1/5/15 min)");
    foreach (var rate in rates)
    {
        var (from, sent, errors, httpP99) = await OpenLoopAsync(rate, seconds);
        await DrainAsync(TimeSpan.FromSeconds(120));
        await ReportAsync($"{rate}/s", from, sent, errors, httpP99);
    }

    {
        var from = clock.GetUtcNow();
        await platform.BeneficiariesDb(async db =>
        {
            for (var i = 0; i < backlog; i++)
            {
                db.AddIntegrationEvent(new BeneficiaryRegistered(Guid.NewGuid(), "bench", "individual", i % 2 == 0 ? "female" : "male",
                    1950 + i % 60, false, "idp", "ML060201", clock.GetUtcNow(), 1));
            }

            return await db.SaveChangesAsync();
        });
        await DrainAsync(TimeSpan.FromSeconds(300));
        var drained = await ReportAsync("backlog", from, backlog, 0, null);
        Console.WriteLine();
        Console.WriteLine($"backlog drained: platform {drained:0} events/s, bare MassTransit {baseline.PerSecond:0} msg/s, ratio {drained / baseline.PerSecond:0.00}");
    }

    async Task<(DateTimeOffset From, int Sent, int Errors, double HttpP99)> OpenLoopAsync(int rate, int duration)
    {
        var from = clock.GetUtcNow();
        var total = rate * duration;
        var sends = new List<Task<(bool Ok, double Ms)>>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)rate);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var body = Person(Interlocked.Increment(ref person));
            // Timed from the planned send, so a slow service shows in the figures rather than slowing the writer.
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/v1/beneficiaries", body);
                    return (response.IsSuccessStatusCode, (Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds);
                }
                catch (HttpRequestException)
                {
                    return (false, (Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds);
                }
            }));
        }

        var results = await Task.WhenAll(sends);
        var http = results.Select(r => r.Ms).Order().ToArray();
        return (from, results.Count(r => r.Ok), results.Count(r => !r.Ok), Percentile(http, 0.99));
    }

    // Writers that each POST the next registration as soon as the previous one is answered: the rate the platform takes.
    async Task<double> ClosedLoopAsync(int writers, int duration)
    {
        var ok = 0;
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(duration);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < until)
            {
                using var response = await client.PostAsJsonAsync("/api/v1/beneficiaries", Person(Interlocked.Increment(ref person)));
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                }
            }
        })));
        return ok / watch.Elapsed.TotalSeconds;
    }

    // Until every registration event committed so far has been applied by Activities.
    async Task DrainAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var written = await platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.MessageType == registeredUrn));
            var applied = await platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => m.Consumer == Consumer));
            if (applied >= written)
            {
                return;
            }

            await Task.Delay(200);
        }

        Console.WriteLine($"  (not drained after {timeout.TotalSeconds:0} s; the figures below count what arrived)");
    }

    async Task<double> ReportAsync(string phase, DateTimeOffset from, int sent, int errors, double? httpP99)
    {
        var written = await platform.BeneficiariesDb(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.MessageType == registeredUrn && m.OccurredAt >= from)
            .Select(m => new { m.Id, m.OccurredAt, m.SentAt }).ToListAsync());
        var ids = written.Select(m => m.Id).ToList();
        var processed = await platform.ActivitiesDb(db => db.InboxMessages.AsNoTracking()
            .Where(m => m.Consumer == Consumer && ids.Contains(m.MessageId))
            .Select(m => new { m.MessageId, m.ProcessedAt }).ToListAsync());
        var occurred = written.ToDictionary(m => m.Id, m => m.OccurredAt);
        var lags = processed.Select(p => (p.ProcessedAt - occurred[p.MessageId]).TotalMilliseconds).Order().ToArray();
        var span = processed.Count == 0 ? TimeSpan.Zero : processed.Max(p => p.ProcessedAt) - written.Min(m => m.OccurredAt);
        var perSecond = span > TimeSpan.Zero ? processed.Count / span.TotalSeconds : 0;
        var missing = written.Count - processed.Count;
        var lastSent = written.Max(m => m.SentAt);
        var sentPerSecond = lastSent is { } last && last > written.Min(m => m.OccurredAt)
            ? written.Count(m => m.SentAt != null) / (last - written.Min(m => m.OccurredAt)).TotalSeconds
            : 0;
        Console.WriteLine($"{phase,-12} {sent,6} {errors,8} {(httpP99 is { } h ? $"{h:0}" : "-"),9} {Percentile(lags, 0.5),8:0} {Percentile(lags, 0.99),8:0} {(lags.Length > 0 ? lags[^1] : 0),8:0} " +
            $"{sentPerSecond,7:0} {perSecond,9:0} {perSecond / baseline.PerSecond,7:0.00}  {LoadAverage()}{(missing > 0 ? $"  ({missing} not applied)" : "")}");
        return perSecond;
    }
}
catch (Exception e)
{
    Console.WriteLine($"The benchmark could not run: {e}");
}

// A distinct person each time (name, birth date and phone), so duplicate matching finds nothing.
static object Person(int n) => Samples.Person(
    givenName: $"Bench{n}", familyName: $"Pipeline{n % 997}", sex: n % 2 == 0 ? "female" : "male",
    birthDate: $"{1950 + n % 60}-{1 + n % 12:00}-{1 + n % 28:00}", phone: $"+223 7{n:0000000}");

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Ceiling(p * sorted.Length) - 1];

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "n/a";
    }
}
