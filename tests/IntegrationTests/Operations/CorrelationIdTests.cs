using System.Net;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// One correlation id follows a request from the gateway through the service that handled it,
/// its outbox, and the consumers of the events it raised in another service: an operator finds
/// every log line of that request's path by the id the caller sent.
/// </summary>
public sealed class CorrelationIdTests(CorrelationIdTests.Platform platform) : IClassFixture<CorrelationIdTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        public LogCapture GatewayLogs { get; } = new();
        public LogCapture BeneficiariesLogs { get; } = new();
        public LogCapture ActivitiesLogs { get; } = new();

        protected override PlatformOptions Options => new()
        {
            Gateway = true,
            GatewayServices = GatewayLogs.AddTo,
            BeneficiariesServices = BeneficiariesLogs.AddTo,
            ActivitiesServices = ActivitiesLogs.AddTo,
        };
    }

    [Fact]
    public async Task A_request_through_the_gateway_is_logged_under_its_correlation_id_by_the_service_and_by_another_services_consumer()
    {
        using var client = await _platform.ClientAsync(_platform.Gateway!, "amss", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
        var correlationId = "registration-" + Guid.NewGuid().ToString("N")[..12];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(Registrations.Valid()) };
        request.Headers.Add(Microsoft.Extensions.Hosting.CorrelationId.HeaderName, correlationId);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(platform.GatewayLogs.Lines, line => Carries(line, correlationId));
        Assert.Contains(platform.BeneficiariesLogs.Lines, line =>
            line.Message.StartsWith("Registered beneficiary", StringComparison.Ordinal) && Carries(line, correlationId));

        // Free text is stored (and so carried to the consumers) as its hash, as in the audit: it could hold a name.
        var stored = Microsoft.Extensions.Hosting.CorrelationId.ForStorage(correlationId);
        var outboxRow = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync(m => m.CorrelationId == stored));
        Assert.Contains("beneficiary-registered", outboxRow.MessageType, StringComparison.OrdinalIgnoreCase);

        await Eventually.TrueAsync(
            () => Task.FromResult(platform.ActivitiesLogs.Lines.Any(line =>
                line.Message.Contains($"Message {outboxRow.Id} applied by", StringComparison.Ordinal) && Carries(line, stored!))),
            TimeSpan.FromSeconds(30), "Activities' consumer to log the registration under the request's correlation id");
    }

    [Fact]
    public async Task A_request_without_a_correlation_id_gets_one_that_the_consumers_of_its_events_log_under()
    {
        using var client = await _platform.ClientAsync(_platform.Gateway!, "amss", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
        var id = await client.RegisterAsync();
        var outboxRow = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync(m => m.Body.Contains(id.ToString())));
        var requestCorrelation = outboxRow.CorrelationId;

        Assert.False(string.IsNullOrEmpty(requestCorrelation), "A request without an X-Correlation-Id still gets one (its trace id), and the outbox keeps it.");
        await Eventually.TrueAsync(
            () => Task.FromResult(platform.ActivitiesLogs.Lines.Any(line =>
                line.Message.Contains($"Message {outboxRow.Id} applied by", StringComparison.Ordinal) && Carries(line, requestCorrelation!))),
            TimeSpan.FromSeconds(30), "Activities' consumer to log under the id the service gave the request");
    }

    private static bool Carries(LogCapture.CapturedLog line, string correlationId) =>
        line.Scope.TryGetValue("CorrelationId", out var scoped) && scoped == correlationId;
}
