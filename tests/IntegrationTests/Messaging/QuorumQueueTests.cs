using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>
/// Every queue the services declare is a quorum queue, so that the configuration that runs on one
/// node runs unchanged on a three-node cluster (replicated queues survive the loss of a node).
/// </summary>
public sealed class QuorumQueueTests(QuorumQueueTests.Platform fixture) : IClassFixture<QuorumQueueTests.Platform>
{
    private const string MassTransitJson = "application/vnd.masstransit+json";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = true, Grievances = true, Funding = true };
    }

    [Fact]
    public async Task Every_queue_the_services_declare_is_a_quorum_queue_their_error_and_skipped_queues_too()
    {
        var rabbit = _platform.Resources.Rabbit;
        var consumerQueue = (await rabbit.QueueTypesAsync()).Keys.Order(StringComparer.Ordinal).First();

        // A message no consumer of the queue takes goes to its _skipped queue; one that cannot be read, to its _error queue.
        await rabbit.PublishToQueueAsync(consumerQueue, """{"messageType":["urn:message:Nowhere:NothingConsumesThis"],"message":{}}""", MassTransitJson);
        await rabbit.PublishToQueueAsync(consumerQueue, "this is not JSON", MassTransitJson);
        await Eventually.TrueAsync(
            async () => (await rabbit.QueueTypesAsync()) is var queues
                && queues.ContainsKey(consumerQueue + "_skipped") && queues.ContainsKey(consumerQueue + "_error"),
            TimeSpan.FromSeconds(60), $"{consumerQueue}_skipped and {consumerQueue}_error to be declared");

        var declared = await rabbit.QueueTypesAsync();
        Assert.Contains(declared.Keys, q => q.StartsWith("activities-", StringComparison.Ordinal));
        Assert.Contains(declared.Keys, q => q.StartsWith("funding-", StringComparison.Ordinal));
        Assert.Contains(declared.Keys, q => q.StartsWith("grievances-", StringComparison.Ordinal));
        Assert.Empty(declared.Where(q => q.Value != "quorum").Select(q => $"{q.Key} ({q.Value})"));
    }
}
