using System.Text.Json;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class OutboxMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static BeneficiaryRegistered Registered() =>
        new(Guid.NewGuid(), "amss", "individual", "female", 1990, true, "idp", "ML060201", Now, Version: 3);

    [Fact]
    public void A_stored_event_is_read_back_as_the_same_event()
    {
        var registered = Registered();

        var row = OutboxMessage.Create(registered, registered.OccurredAt, activity: null);
        var readBack = JsonSerializer.Deserialize(row.Body, MessageTypes.Resolve(row.MessageType)!, JsonSerializerOptions.Web);

        Assert.Equal(registered, readBack);
        Assert.Null(row.SentAt);
        Assert.Equal(Now, row.OccurredAt);
    }

    [Fact]
    public void A_row_names_its_event_by_the_contracts_message_urn_not_its_class()
    {
        var row = OutboxMessage.Create(Registered(), Now, activity: null);

        Assert.Equal("urn:message:justice:beneficiary-registered:v1", row.MessageType);
        Assert.DoesNotContain(nameof(BeneficiaryRegistered), row.MessageType);
    }

    [Fact]
    public void An_unknown_urn_resolves_to_no_type()
    {
        Assert.Null(MessageTypes.Resolve("urn:message:justice:no-such-event:v1"));
    }

    [Fact]
    public void A_row_written_before_urns_is_still_read_by_its_class_name()
    {
        var legacyName = $"{typeof(BeneficiaryRegistered).FullName}, {typeof(BeneficiaryRegistered).Assembly.GetName().Name}";

        Assert.Equal(typeof(BeneficiaryRegistered), MessageTypes.Resolve(legacyName));
    }

    [Fact]
    public void A_failed_publish_is_counted_and_put_off_until_its_retry_time()
    {
        var row = OutboxMessage.Create(Registered(), Now, activity: null);
        var retryAt = Now.AddSeconds(4);

        row.MarkFailed(new string('x', 5000), retryAt);

        Assert.Equal((1, retryAt), (row.Attempts, row.LockedUntil));
        Assert.Equal(OutboxMessage.MaxErrorLength, row.LastError!.Length);
    }
}
