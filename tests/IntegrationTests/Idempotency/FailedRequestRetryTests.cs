using System.Net;
using System.Net.Http.Json;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Idempotency;

/// <summary>
/// A field office on a bad connection retries with the same Idempotency-Key. When the first
/// attempt failed or was cut off, the retry must create the record, once.
/// </summary>
public sealed class FailedRequestRetryTests(FailedRequestRetryTests.Platform platform) : IClassFixture<FailedRequestRetryTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        public FaultOnce Fault { get; } = new();

        protected override PlatformOptions Options => new()
        {
            Activities = false,
            BeneficiariesServices = services => services.AddSingleton<IInterceptor>(Fault),
        };
    }

    /// <summary>Fails (or holds until the caller gives up) the first save of a person with the marked name.</summary>
    public sealed class FaultOnce : SaveChangesInterceptor
    {
        private int _armed;

        public string Marker { get; set; } = "";

        public bool HoldInsteadOfThrowing { get; set; }

        public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm(string marker, bool hold)
        {
            Marker = marker;
            HoldInsteadOfThrowing = hold;
            Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _armed, 1);
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var marked = eventData.Context!.ChangeTracker.Entries<Beneficiary>()
                .Any(e => e.State == EntityState.Added && e.Entity.GivenName == Marker);
            if (marked && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Entered.TrySetResult();
                if (HoldInsteadOfThrowing)
                {
                    // Held until the client disconnects and the request is aborted.
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                throw new InvalidOperationException("The database connection dropped.");
            }

            return result;
        }
    }

    [Fact]
    public async Task A_create_that_failed_once_succeeds_on_retry_with_the_same_key_and_is_stored_once()
    {
        var marker = "Fail" + Guid.NewGuid().ToString("N")[..8];
        platform.Fault.Arm(marker, hold: false);
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var key = "tbk-" + Guid.NewGuid().ToString("N");

        var first = await amss.SendAsync(Create(key, marker));
        var retry = await amss.SendAsync(Create(key, marker));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        await AssertStoredOnceAsync(marker);
        // The key is the client's free text: only its hash is kept.
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.IdempotencyRecords.CountAsync(r => r.Key == key)));
    }

    [Fact]
    public async Task A_create_cancelled_midway_succeeds_on_retry_with_the_same_key_and_is_stored_once()
    {
        var marker = "Cut" + Guid.NewGuid().ToString("N")[..8];
        platform.Fault.Arm(marker, hold: true);
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var key = "tbk-" + Guid.NewGuid().ToString("N");

        using (var giveUp = new CancellationTokenSource())
        {
            var first = amss.SendAsync(Create(key, marker), giveUp.Token);
            await platform.Fault.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }

        // The server notices the disconnect on its own time: retry until it has let go of the key.
        var retry = await Eventually.ReturnsAsync(
            () => amss.SendAsync(Create(key, marker)),
            response => response.StatusCode != HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(20),
            "the aborted request to end");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        await AssertStoredOnceAsync(marker);
    }

    private async Task AssertStoredOnceAsync(string marker)
    {
        var ids = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.GivenName == marker).Select(b => b.Id).ToListAsync());
        Assert.Single(ids);
        var id = ids[0].ToString();
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.Body.Contains(id))));
    }

    private static HttpRequestMessage Create(string key, string givenName) => new(HttpMethod.Post, "/api/v1/beneficiaries")
    {
        Headers = { { "Idempotency-Key", key } },
        Content = JsonContent.Create(Samples.Person(givenName: givenName)),
    };
}
