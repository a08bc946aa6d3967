using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>A row the dispatcher can never publish (its event type is unknown) must not hold up the events behind it.</summary>
public sealed class OutboxParkingTests(OutboxParkingTests.Platform platform) : IClassFixture<OutboxParkingTests.Platform>
{
    private const int MaxAttempts = 3;
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new()
        {
            BeneficiariesServices = services => services.Configure<MessagingOptions>(options =>
            {
                options.OutboxMaxAttempts = MaxAttempts;
                options.MinBackoff = TimeSpan.FromMilliseconds(50);
                options.MaxBackoff = TimeSpan.FromMilliseconds(200);
                options.OutboxPollInterval = TimeSpan.FromMilliseconds(200);
            }),
        };
    }

    [Fact]
    public async Task A_row_of_an_unknown_type_is_parked_after_its_attempts_while_100_good_rows_behind_it_are_delivered()
    {
        var occurredAt = DateTimeOffset.UtcNow;
        var unknownId = Guid.NewGuid();
        var goodIds = await _platform.BeneficiariesDb(async db =>
        {
            // Oldest first, so the dispatcher meets it before every good row.
            await db.Database.ExecuteSqlInterpolatedAsync($$"""
                INSERT INTO outbox_messages ("Id", "MessageType", "Body", "OccurredAt", "Attempts")
                VALUES ({{unknownId}}, 'urn:message:justice:renamed-long-ago:v1', '{}', {{occurredAt.AddMinutes(-1)}}, 0)
                """);
            for (var i = 0; i < 100; i++)
            {
                db.AddIntegrationEvent(new BeneficiaryRegistered(Guid.NewGuid(), "amss", "individual", "female", 1990, false, "idp", "ML060201", occurredAt));
            }

            var ids = db.ChangeTracker.Entries<OutboxMessage>().Select(e => e.Entity.Id).ToList();
            await db.SaveChangesAsync();
            return ids;
        });

        await Eventually.TrueAsync(
            async () => await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => goodIds.Contains(m.MessageId))) == goodIds.Count,
            TimeSpan.FromSeconds(60), "the 100 good events applied by Activities");
        var parked = await Eventually.ReturnsAsync(
            () => _platform.BeneficiariesDb(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == unknownId)),
            row => row.DeadAt is not null, TimeSpan.FromSeconds(30), "the unknown row to be parked");

        Assert.Equal((MaxAttempts, 0), (parked.ReadFailures, parked.Attempts));
        Assert.Null(parked.SentAt);
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => goodIds.Contains(m.Id) && m.SentAt == null)));
    }

    [Fact]
    public async Task A_parked_row_is_listed_for_an_administrator_and_once_its_type_is_readable_is_redriven_and_applied_once()
    {
        var occurredAt = _platform.Clock.GetUtcNow();
        var registered = new BeneficiaryRegistered(Guid.NewGuid(), "amss", "individual", "female", 1990, false, "idp", "ML060201", occurredAt);
        var rowId = Guid.NewGuid();
        // An event of a type this build does not know yet (written by a newer version, say).
        await _platform.BeneficiariesDb(db => db.Database.ExecuteSqlInterpolatedAsync($$"""
            INSERT INTO outbox_messages ("Id", "MessageType", "Body", "OccurredAt", "Attempts", "ReadFailures")
            VALUES ({{rowId}}, 'urn:message:justice:not-deployed-yet:v1', {{JsonSerializer.Serialize(registered, JsonSerializerOptions.Web)}}, {{occurredAt}}, 0, 0)
            """));
        await Eventually.TrueAsync(() => _platform.BeneficiariesDb(db => db.OutboxMessages.AnyAsync(m => m.Id == rowId && m.DeadAt != null)),
            TimeSpan.FromSeconds(30), "the row parked");
        using var admin = await _platform.ClientAsync(_platform.Beneficiaries, "platform", Scopes.Admin);

        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/admin/outbox/parked");

        var parked = Assert.Single(listed.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == rowId);
        Assert.Equal((MaxAttempts, 0), (parked.GetProperty("readFailures").GetInt32(), parked.GetProperty("publishFailures").GetInt32()));

        // The fix: the type is known again (here by its row naming the deployed contract).
        var knownType = OutboxMessage.Create(registered, occurredAt, activity: null).MessageType;
        await _platform.BeneficiariesDb(db => db.OutboxMessages.Where(m => m.Id == rowId).ExecuteUpdateAsync(s => s.SetProperty(m => m.MessageType, knownType)));
        var redriven = await admin.PostAsync($"/api/v1/beneficiaries/admin/outbox/parked/{rowId}/redrive", null);

        Assert.Equal(HttpStatusCode.OK, redriven.StatusCode);
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Id == registered.BeneficiaryId)),
            TimeSpan.FromSeconds(30), "the redriven event applied by Activities");
        Assert.Equal(1, await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => m.MessageId == rowId)));
        var row = await _platform.BeneficiariesDb(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == rowId));
        Assert.Equal((true, (DateTimeOffset?)null), (row.SentAt is not null, row.DeadAt));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/beneficiaries/admin/outbox/parked/{rowId}/redrive", null)).StatusCode);
    }
}
