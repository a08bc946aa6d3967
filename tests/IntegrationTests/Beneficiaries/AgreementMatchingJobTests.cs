using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>
/// The matching under a new agreement when its worker stops part-way, or the agreement ends
/// part-way. Batches of two records, and a fake clock, so that a lapsed lease is a step of the test.
/// Each test uses partners of its own.
/// </summary>
public sealed class AgreementMatchingJobTests(AgreementMatchingJobTests.Platform platform) : IClassFixture<AgreementMatchingJobTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;
    private readonly FakeTimeProvider _clock = platform.Clock;

    public sealed class Platform : PlatformFixture
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

        protected override PlatformOptions Options => new()
        {
            Activities = false,
            Clock = Clock,
            BeneficiariesSettings = { [AgreementMatchingWorker.BatchSizeSetting] = "2" },
        };
    }

    private static readonly object[] People =
    [
        Samples.Person("Aminata", "Maïga", birthDate: "1994-03-12", phone: "+223 76 12 34 56"),
        Samples.Person("Hawa", "Keïta", birthDate: "1988-05-05", phone: "+223 66 11 22 33"),
        Samples.Person("Kadidia", "Diallo", birthDate: "1980-01-01", phone: "+223 65 00 00 02"),
    ];

    [Fact]
    public async Task Matching_resumed_on_a_restarted_instance_after_one_batch_flags_each_pair_once()
    {
        var (a, b) = (Unique("first"), Unique("second"));
        var pairs = await RegisterTheSamePeopleAsync(a, b);
        var (agreement, token) = await AgreementHeldByAStoppedWorkerAsync(a, b);
        var worker = _platform.Beneficiaries.Services.GetRequiredService<AgreementMatchingWorker>();
        Assert.True(await worker.RunBatchAsync(agreement, token, CancellationToken.None));
        Assert.Equal(2, (await MatchingAsync(agreement)).RecordsDone);

        await _platform.RestartBeneficiariesAsync();
        _clock.Advance(AgreementMatchingWorker.Lease + TimeSpan.FromSeconds(1));

        using var admin = await _platform.ClientAsync(_platform.Beneficiaries, "platform", Scopes.Admin);
        var progress = await Eventually.ReturnsAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/data-sharing-agreements/{agreement}/matching"),
            p => p.GetProperty("state").GetString() != AgreementMatchingState.Running && p.GetProperty("state").GetString() != AgreementMatchingState.Queued,
            TimeSpan.FromSeconds(60), "the restarted instance to finish the matching");
        Assert.Equal((AgreementMatchingState.Completed, 6, 6),
            (progress.GetProperty("state").GetString(), progress.GetProperty("recordsDone").GetInt32(), progress.GetProperty("recordsTotal").GetInt32()));
        var records = pairs.SelectMany(p => new[] { p.OfA, p.OfB }).ToList();
        var flagged = await _platform.BeneficiariesDb(db => db.DuplicateFlags.Where(f => records.Contains(f.BeneficiaryId))
            .Select(f => new { f.BeneficiaryId, f.MatchedId }).ToListAsync());
        Assert.Equal(pairs.Count, flagged.Count);
        Assert.All(pairs, pair => Assert.Single(flagged, f => (f.BeneficiaryId, f.MatchedId) == (pair.OfA, pair.OfB) || (f.BeneficiaryId, f.MatchedId) == (pair.OfB, pair.OfA)));
    }

    [Fact]
    public async Task Ending_the_agreement_cancels_its_running_matching_and_a_batch_after_that_commits_nothing()
    {
        var (a, b) = (Unique("first"), Unique("second"));
        var pairs = await RegisterTheSamePeopleAsync(a, b);
        var (agreement, token) = await AgreementHeldByAStoppedWorkerAsync(a, b);
        var worker = _platform.Beneficiaries.Services.GetRequiredService<AgreementMatchingWorker>();
        Assert.True(await worker.RunBatchAsync(agreement, token, CancellationToken.None));
        var records = pairs.SelectMany(p => new[] { p.OfA, p.OfB }).ToList();
        Assert.NotEqual(0, await FlagsAmongAsync(records));

        using var admin = await _platform.ClientAsync(_platform.Beneficiaries, "platform", Scopes.Admin);
        (await admin.PostAsync($"/api/v1/beneficiaries/data-sharing-agreements/{agreement}/end", null)).EnsureSuccessStatusCode();

        Assert.False(await worker.RunBatchAsync(agreement, token, CancellationToken.None));
        var matching = await MatchingAsync(agreement);
        Assert.Equal((AgreementMatchingState.Cancelled, 2), (matching.State, matching.RecordsDone));
        Assert.Equal(0, await FlagsAmongAsync(records));
    }

    [Fact]
    public async Task Ending_the_agreement_keeps_the_review_item_of_a_pair_the_two_owners_merged()
    {
        var (a, b) = (Unique("first"), Unique("second"));
        var pairs = await RegisterTheSamePeopleAsync(a, b);
        var (agreement, token) = await AgreementHeldByAStoppedWorkerAsync(a, b);
        var worker = _platform.Beneficiaries.Services.GetRequiredService<AgreementMatchingWorker>();
        while (await worker.RunBatchAsync(agreement, token, CancellationToken.None))
        {
        }

        var records = pairs.SelectMany(p => new[] { p.OfA, p.OfB }).ToList();
        Assert.Equal(pairs.Count, await FlagsAmongAsync(records));
        var merge = new { mergedId = pairs[0].OfB };
        foreach (var owner in new[] { a, b })
        {
            using var client = await _platform.ClientAsync(_platform.Beneficiaries, owner, Scopes.BeneficiariesWrite);
            (await client.PostAsJsonAsync($"/api/v1/beneficiaries/{pairs[0].OfA}/merge", merge)).EnsureSuccessStatusCode();
        }

        using var admin = await _platform.ClientAsync(_platform.Beneficiaries, "platform", Scopes.Admin);
        (await admin.PostAsync($"/api/v1/beneficiaries/data-sharing-agreements/{agreement}/end", null)).EnsureSuccessStatusCode();

        Assert.Equal(1, await FlagsAmongAsync([pairs[0].OfA, pairs[0].OfB]));
        Assert.Equal(1, await FlagsAmongAsync(records));
    }

    private async Task<List<(Guid OfA, Guid OfB)>> RegisterTheSamePeopleAsync(string a, string b)
    {
        using var first = await _platform.ClientAsync(_platform.Beneficiaries, a, Scopes.BeneficiariesWrite);
        using var second = await _platform.ClientAsync(_platform.Beneficiaries, b, Scopes.BeneficiariesWrite);
        var pairs = new List<(Guid, Guid)>();
        foreach (var person in People)
        {
            pairs.Add((await first.CreateBeneficiaryAsync(person), await second.CreateBeneficiaryAsync(person)));
        }

        return pairs;
    }

    /// <summary>The agreement and its matching, claimed by a worker of an instance that stopped without handing it back.</summary>
    private async Task<(Guid Agreement, Guid Token)> AgreementHeldByAStoppedWorkerAsync(string a, string b)
    {
        var now = _clock.GetUtcNow();
        var agreement = DataSharingAgreement.Record(a, b, "platform-admins", now);
        var matching = AgreementMatching.Of(agreement);
        (matching.State, matching.LeaseToken, matching.LeaseUntil, matching.Attempts, matching.StartedAt) =
            (AgreementMatchingState.Running, Guid.NewGuid(), now + AgreementMatchingWorker.Lease, 1, now);
        await _platform.BeneficiariesDb(db =>
        {
            db.DataSharingAgreements.Add(agreement);
            db.AgreementMatchings.Add(matching);
            return db.SaveChangesAsync();
        });
        return (agreement.Id, matching.LeaseToken!.Value);
    }

    private Task<AgreementMatching> MatchingAsync(Guid agreement) =>
        _platform.BeneficiariesDb(db => db.AgreementMatchings.AsNoTracking().SingleAsync(m => m.AgreementId == agreement));

    private Task<int> FlagsAmongAsync(List<Guid> records) =>
        _platform.BeneficiariesDb(db => db.DuplicateFlags.CountAsync(f => records.Contains(f.BeneficiaryId) || records.Contains(f.MatchedId)));

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
