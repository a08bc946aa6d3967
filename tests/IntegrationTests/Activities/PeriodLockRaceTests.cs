using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Activities;

/// <summary>A period lock racing the completions and attendance written into the period.</summary>
public sealed class PeriodLockRaceTests(PeriodLockRaceTests.Platform platform) : IClassFixture<PeriodLockRaceTests.Platform>
{
    private const string Partner = "lock-race-ngo";
    private readonly TestPlatform _platform = platform.Platform;
    private readonly HeldWindow _window = platform.Window;

    public sealed class Platform : PlatformFixture
    {
        public HeldWindow Window { get; } = new();

        protected override PlatformOptions Options => new() { ActivitiesServices = services => services.AddSingleton<PeriodWriteWindow>(Window) };
    }

    /// <summary>Holds the first write that reaches its commit while armed, until released: the widest race with a lock.</summary>
    public sealed class HeldWindow : PeriodWriteWindow
    {
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _toHold;

        public int Held { get; private set; }

        public void Arm() => (_toHold, Held, _release) = (1, 0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Release() => _release.TrySetResult();

        public override Task BeforeCommitAsync(CancellationToken cancellationToken)
        {
            lock (this)
            {
                if (_toHold == 0) return Task.CompletedTask;
                _toHold--;
                Held++;
            }

            return _release.Task.WaitAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task Nothing_commits_into_a_period_after_its_lock_commits_and_writes_racing_the_lock_land_before_it_or_are_refused()
    {
        using var client = await _platform.ClientAsync(_platform.Activities!, Partner, Scopes.ActivitiesRead, Scopes.ActivitiesWrite);
        var program = await CreatedAsync(await client.PostAsJsonAsync("/api/v1/activities/programs", new
        {
            code = "LOCK-RACE", titleFr = "Accès à la justice", titleEn = "Access to justice", members = Array.Empty<object>(),
            funderIds = new[] { "XM-DAC-41146" }, sectorCodes = new[] { "15130" }, communePcodes = new[] { "ML0602" },
            startDate = "2026-01-01", endDate = "2027-12-31",
        }));
        var period = await CreatedAsync(await client.PostAsJsonAsync($"/api/v1/activities/programs/{program}/periods",
            new { label = "2026-Q1", startDate = "2026-01-01", endDate = "2026-03-31" }));
        var toComplete = new List<(Guid Id, EntityTagHeaderValue ETag)>();
        for (var i = 0; i < 25; i++) toComplete.Add(await CreateActivityAsync(client, program));
        var attended = await CreateActivityAsync(client, program);
        await SucceedsAsync(await CompleteAsync(client, attended));
        var people = await KnownAsync(25);

        _window.Arm();
        var writes = toComplete.Select(a => Task.Run(async () => await CompleteAsync(client, a)))
            .Concat(people.Select(person => Task.Run(async () =>
                await client.PostAsJsonAsync($"/api/v1/activities/{attended.Id}/attendance", new { beneficiaryIds = new[] { person } }))))
            .ToList();
        await Eventually.TrueAsync(() => Task.FromResult(_window.Held == 1), TimeSpan.FromSeconds(30), "a write held before its commit", TimeSpan.FromMilliseconds(10));
        var locking = Task.Run(async () => await client.PostAsync($"/api/v1/activities/programs/{program}/periods/{period}/lock", null));

        // The lock either committed at once (the held write did not keep it out) or waits in the database for the held write.
        await Eventually.TrueAsync(async () => locking.IsCompleted || await LockWaitsAsync(), TimeSpan.FromSeconds(30), "the lock done or waiting",
            TimeSpan.FromMilliseconds(10));
        int? inPeriodWhenLocked = locking.IsCompleted ? await InPeriodAsync(toComplete, attended.Id) : null;
        _window.Release();
        var lockResponse = await locking;
        inPeriodWhenLocked ??= await InPeriodAsync(toComplete, attended.Id);
        var answers = await Task.WhenAll(writes);

        await SucceedsAsync(lockResponse);
        Assert.Equal(inPeriodWhenLocked, await InPeriodAsync(toComplete, attended.Id));
        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.Conflict, body);
            Assert.Equal(period, JsonDocument.Parse(body).RootElement.GetProperty("periodId").GetGuid());
        }

        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), inPeriodWhenLocked);
    }

    /// <summary>Completed activities and attendance rows in the period: what the writes of the race add.</summary>
    private Task<int> InPeriodAsync(List<(Guid Id, EntityTagHeaderValue ETag)> completing, Guid attended)
    {
        var ids = completing.Select(a => a.Id).ToList();
        return _platform.ActivitiesDb(async db =>
            await db.FieldActivities.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(a => ids.Contains(a.Id) && a.Status == ActivityStatus.Completed) +
            await db.Attendance.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(a => a.ActivityId == attended));
    }

    /// <summary>The lock's update waits for a row lock (PostgreSQL).</summary>
    private Task<bool> LockWaitsAsync() => _platform.ActivitiesDb(async db =>
        await db.Database.SqlQueryRaw<int>(
            """
            SELECT count(*)::int AS "Value" FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE%"LockedBy"%'
            """).SingleAsync() > 0);

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, (Guid Id, EntityTagHeaderValue ETag) activity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/activities/{activity.Id}/complete")
        {
            Content = JsonContent.Create(new { actualStart = "2026-02-01", actualEnd = "2026-02-03" }),
        };
        request.Headers.IfMatch.Add(activity.ETag);
        return client.SendAsync(request);
    }

    private static async Task<(Guid Id, EntityTagHeaderValue ETag)> CreateActivityAsync(HttpClient client, Guid program)
    {
        var response = await client.PostAsJsonAsync("/api/v1/activities", new
        {
            programId = program, title = "Formation des relais", type = "training", communePcode = "ML060201", plannedStart = "2026-02-01", plannedEnd = "2026-02-03",
        });
        return (await CreatedAsync(response), response.Headers.ETag!);
    }

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task SucceedsAsync(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

    /// <summary>People the partner registered, as Activities' projection holds them once their events arrived.</summary>
    private async Task<List<Guid>> KnownAsync(int count)
    {
        var people = Enumerable.Range(0, count).Select(i => new KnownBeneficiary
        {
            Id = Guid.CreateVersion7(), PartnerId = Partner, Kind = "individual", Sex = i % 2 == 0 ? "female" : "male", BirthYear = 1980 + i,
            DisplacementStatus = "idp", CommunePcode = "ML060201", RegisteredAt = _platform.Clock.GetUtcNow(),
        }).ToList();
        await _platform.ActivitiesDb(db =>
        {
            db.KnownBeneficiaries.AddRange(people);
            return db.SaveChangesAsync();
        });
        return people.Select(p => p.Id).ToList();
    }
}
