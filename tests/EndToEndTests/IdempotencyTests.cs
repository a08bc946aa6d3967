using System.Net;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.EndToEndTests;

public sealed class IdempotencyTests(IdempotencyTests.Platform platform) : IClassFixture<IdempotencyTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    [Fact]
    public async Task A_retried_create_with_the_same_key_is_answered_again_and_stored_once()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        var key = "retry-" + Guid.NewGuid().ToString("N");

        var first = await amss.SendAsync(Create(key, Partners.Registration()));
        var retry = await amss.SendAsync(Create(key, Partners.Registration()));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var id = (await first.Content.ReadFromJsonAsync<Created>())!.Id;
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.Beneficiaries.CountAsync(b => b.Id == id)));
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.Body.Contains(id.ToString()))));
    }

    [Fact]
    public async Task A_replayed_create_carries_the_ETag_of_the_first_answer()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        var key = "etag-" + Guid.NewGuid().ToString("N");

        var first = await amss.SendAsync(Create(key, Partners.Registration()));
        var retry = await amss.SendAsync(Create(key, Partners.Registration()));

        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
    }

    [Fact]
    public async Task A_key_reused_for_another_request_is_refused_with_422()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        var key = "reuse-" + Guid.NewGuid().ToString("N");
        await amss.SendAsync(Create(key, Partners.Registration()));

        var reused = await amss.SendAsync(Create(key, Partners.Registration(commune: "ML060501")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
    }

    [Fact]
    public async Task The_same_key_from_two_partners_makes_two_records()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var stopSahel = await _platform.FieldOfficeAsync(Partners.StopSahel);
        var key = "shared-" + Guid.NewGuid().ToString("N");

        var first = await (await amss.SendAsync(Create(key, Partners.Registration()))).Content.ReadFromJsonAsync<Created>();
        var second = await (await stopSahel.SendAsync(Create(key, Partners.Registration()))).Content.ReadFromJsonAsync<Created>();

        Assert.NotEqual(first!.Id, second!.Id);
    }

    [Fact]
    public async Task Erasure_forgets_the_stored_answer_and_a_late_retry_does_not_bring_the_person_back()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        var key = "erased-" + Guid.NewGuid().ToString("N");
        var id = (await (await amss.SendAsync(Create(key, Partners.Registration()))).Content.ReadFromJsonAsync<Created>())!.Id;

        Assert.Equal(HttpStatusCode.NoContent, (await amss.PostAsync($"/api/v1/beneficiaries/{id}/erasure", null)).StatusCode);
        var retry = await amss.SendAsync(Create(key, Partners.Registration()));

        Assert.Equal(HttpStatusCode.Gone, retry.StatusCode);
        Assert.DoesNotContain("Touré", await retry.Content.ReadAsStringAsync());
        var storedKey = IdempotencyRecord.StoredKeyOf(key);
        var stored = await _platform.BeneficiariesDb(db => db.IdempotencyRecords.Where(r => r.Key == storedKey).Select(r => r.Body).SingleAsync());
        Assert.DoesNotContain("Touré", System.Text.Encoding.UTF8.GetString(stored!));
    }

    private static HttpRequestMessage Create(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private sealed record Created(Guid Id);
}
