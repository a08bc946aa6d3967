using System.Text.Json;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class OutboxMessageTests
{
    [Fact]
    public void A_stored_event_is_read_back_as_the_same_event()
    {
        var registered = new BeneficiaryRegistered(Guid.NewGuid(), "amss", "individual", "female", 1990, true, "idp", "ML060201", DateTimeOffset.UtcNow);

        var row = OutboxMessage.Create(registered, activity: null);
        var readBack = JsonSerializer.Deserialize(row.Body, MessageTypes.Resolve(row.MessageType), JsonSerializerOptions.Web);

        Assert.Equal(registered, readBack);
        Assert.Null(row.SentAt);
    }

    [Fact]
    public void A_failed_publish_is_counted_and_put_off_until_its_retry_time()
    {
        var row = OutboxMessage.Create(new { }, activity: null);
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(4);

        row.MarkFailed(new InvalidOperationException(new string('x', 5000)), retryAt);

        Assert.Equal((1, retryAt), (row.Attempts, row.LockedUntil));
        Assert.Equal(OutboxMessage.MaxErrorLength, row.LastError!.Length);
    }
}
