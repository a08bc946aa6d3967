using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// An instance address that accepts the gateway's connection and drops it without an answer (a
/// process dying behind a proxy that still listens, a broken sidecar): the gateway sends a create
/// that is safe to repeat to another instance, and tells the caller of one that is not.
/// </summary>
public sealed class DroppedConnectionTests(DroppedConnectionTests.Platform platform) : IClassFixture<DroppedConnectionTests.Platform>
{
    public sealed class Platform : PlatformFixture, IAsyncLifetime
    {
        private readonly CancellationTokenSource _stop = new();
        private TcpListener _dropping = null!;
        private int _droppedPosts;

        internal ServiceProcess Gateway { get; private set; } = null!;

        /// <summary>How many POSTs the dropping address has taken and dropped.</summary>
        public int DroppedPosts => Volatile.Read(ref _droppedPosts);

        protected override PlatformOptions Options => new() { Activities = false };

        protected override string[] RegisteredPartners => ["amss"];

        public new async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _dropping = new TcpListener(IPAddress.Loopback, 0);
            _dropping.Start();
            _ = DropAsync();
            Gateway = ServiceProcess.Start("gateway/Gateway", "Gateway", new Dictionary<string, string?>
            {
                ["services:identity:http:0"] = Platform.Identity.Address.ToString(),
                ["services:beneficiaries:http:0"] = $"http://127.0.0.1:{((IPEndPoint)_dropping.LocalEndpoint).Port}/",
                ["services:beneficiaries:http:1"] = Platform.Beneficiaries.Address.ToString(),
                ["services:activities:http:0"] = "http://127.0.0.1:9",
                ["services:grievances:http:0"] = "http://127.0.0.1:9",
                ["services:funding:http:0"] = "http://127.0.0.1:9",
                ["Identity:Authority"] = Platform.Identity.Address.ToString(),
                ["Identity:RequireHttpsMetadata"] = "false",
                ["RateLimiting:PermitLimit"] = "1000000",
            });
            using var client = Gateway.CreateClient();
            await Ready.WaitAsync(client, TimeSpan.FromSeconds(90));
        }

        public new async Task DisposeAsync()
        {
            await _stop.CancelAsync();
            _dropping.Stop();
            await Gateway.DisposeAsync();
            await base.DisposeAsync();
        }

        /// <summary>
        /// Answers the gateway's health probes (GETs) 200, so that it stays among the instances the
        /// gateway balances across, and closes the connection of every POST without a byte of answer.
        /// </summary>
        private async Task DropAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _dropping.AcceptSocketAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (socket)
                        {
                            var start = new byte[4096];
                            var read = await socket.ReceiveAsync(start);
                            var request = Encoding.ASCII.GetString(start, 0, read);
                            if (request.StartsWith("POST ", StringComparison.Ordinal))
                            {
                                Interlocked.Increment(ref _droppedPosts);
                            }
                            else if (request.StartsWith("GET ", StringComparison.Ordinal))
                            {
                                await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                            }
                        }
                    });
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
        }
    }

    private readonly Platform _platform = platform;

    [Fact]
    public async Task A_create_with_an_idempotency_key_dropped_by_one_instance_is_answered_by_another_and_stored_once()
    {
        using var gateway = await GatewayAsync();
        var droppedBefore = _platform.DroppedPosts;

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await gateway.SendAsync(Registration($"Keyed {Letter(i)}", idempotencyKey: $"dropped-keyed-{i}"));
            answers.Add(response.StatusCode);
        }

        Assert.True(_platform.DroppedPosts > droppedBefore, "no registration reached the instance that drops connections");
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Created, status));
        var stored = await _platform.Platform.BeneficiariesDb(db => db.Beneficiaries
            .Where(b => b.PartnerId == "amss" && b.GivenName!.StartsWith("Keyed ")).Select(b => b.GivenName).ToListAsync());
        Assert.Equal(12, stored.Count);
        Assert.Equal(12, stored.Distinct().Count());
    }

    [Fact]
    public async Task A_create_without_a_key_dropped_by_one_instance_is_not_repeated_and_the_caller_gets_a_503()
    {
        using var gateway = await GatewayAsync();

        HttpResponseMessage? dropped = null;
        for (var i = 0; i < 40 && dropped is null; i++)
        {
            var droppedBefore = _platform.DroppedPosts;
            var response = await gateway.SendAsync(Registration($"Keyless {Letter(i)}", idempotencyKey: null));
            if (_platform.DroppedPosts > droppedBefore)
            {
                dropped = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(dropped);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, dropped.StatusCode);
        Assert.True(dropped.Headers.RetryAfter is not null, "the 503 carries Retry-After");
        Assert.Equal("application/problem+json", dropped.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpClient> GatewayAsync()
    {
        var gateway = _platform.Gateway.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.Platform.TokenAsync("amss", Scopes.BeneficiariesWrite));
        return gateway;
    }

    private static HttpRequestMessage Registration(string givenName, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = JsonContent.Create(Samples.Person(givenName, "Traoré")) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    /// <summary>Names of letters only, one per index.</summary>
    private static string Letter(int index) => "B" + (char)('a' + index / 26) + (char)('a' + index % 26);
}
