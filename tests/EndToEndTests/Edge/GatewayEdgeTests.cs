using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class GatewayEdgeFixture : PlatformFixture
{
    public const string PublicAddress = "https://api.justice.example";

    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Activities = false,
        GatewaySettings = { ["Gateway:PublicAddress"] = PublicAddress },
    };
}

/// <summary>The gateway's door as partners meet it: client errors are client errors, clients can be disabled, discovery names the public address.</summary>
public sealed class GatewayEdgeTests(GatewayEdgeFixture fixture) : IClassFixture<GatewayEdgeFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    private async Task<HttpClient> OfficeAsync(string partner)
    {
        var office = _platform.Raw();
        office.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await _platform.TokenAsync(partner, Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite));
        return office;
    }

    [Fact]
    public async Task A_body_over_50_MB_is_answered_413_as_a_problem_not_503()
    {
        using var office = await OfficeAsync("big-body");
        var body = new ByteArrayContent(new byte[51 * 1024 * 1024]);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries/imports") { Content = body };
        request.Headers.ExpectContinue = true;
        var response = await office.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await response.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_streamed_body_over_50_MB_without_a_length_is_answered_413_too()
    {
        using var office = await OfficeAsync("big-stream");
        var body = new StreamContent(new ZeroStream(51L * 1024 * 1024));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries/imports") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        HttpResponseMessage response;
        try
        {
            response = await office.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The gateway may close the connection while the rest of the body is still being sent: never a 503.
            return;
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task A_non_ASCII_header_is_answered_400_naming_the_header()
    {
        using var office = await OfficeAsync("odd-header");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
        request.Headers.TryAddWithoutValidation("X-Office", "Tombouctou — bureau é");

        var response = await office.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Office", (await response.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_over_long_URL_is_answered_414_and_over_large_headers_431_as_problems()
    {
        using var office = await OfficeAsync("long-url");
        var url = await office.GetAsync("/api/v1/beneficiaries?commune=" + new string('a', 9000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, url.StatusCode);
        await url.ProblemAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
        request.Headers.Add("X-Padding", new string('p', 40 * 1024));
        var headers = await office.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headers.StatusCode);
        await headers.ProblemAsync();
    }

    [Fact]
    public async Task A_disabled_clients_token_is_refused_within_a_minute_and_it_gets_no_new_one()
    {
        using var gateway = _platform.Raw();
        using var admin = await _platform.AdministratorAsync();
        var client = await admin.RegisterClientAsync("leaky", Scopes.BeneficiariesRead);
        var token = await gateway.TokenAsync(client.ClientId, client.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, (await ListAsync(gateway, token)).StatusCode);

        var disabled = await admin.PostAsync($"/api/v1/identity/partners/leaky/clients/{client.ClientId}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        await Eventually.TrueAsync(async () => (await ListAsync(gateway, token)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromMinutes(1), "the disabled client's token to be refused");
        Assert.False((await gateway.RequestTokenAsync(client.ClientId, client.ClientSecret)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_rotated_secret_stops_the_old_secret_and_its_tokens_and_the_new_one_works()
    {
        using var gateway = _platform.Raw();
        using var admin = await _platform.AdministratorAsync();
        var client = await admin.RegisterClientAsync("rotating", Scopes.BeneficiariesRead);
        var oldToken = await gateway.TokenAsync(client.ClientId, client.ClientSecret);
        await Task.Delay(1100); // tokens carry their issue time in whole seconds

        var rotated = await admin.PostAsync($"/api/v1/identity/partners/rotating/clients/{client.ClientId}/secret", null);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;

        Assert.False((await gateway.RequestTokenAsync(client.ClientId, client.ClientSecret)).IsSuccessStatusCode);
        var newToken = await gateway.TokenAsync(client.ClientId, newSecret);
        await Eventually.TrueAsync(async () => (await ListAsync(gateway, oldToken)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromMinutes(1), "the token issued with the old secret to be refused");
        Assert.Equal(HttpStatusCode.OK, (await ListAsync(gateway, newToken)).StatusCode);
    }

    [Fact]
    public async Task Another_partners_client_cannot_be_disabled_through_this_partners_path()
    {
        using var admin = await _platform.AdministratorAsync();
        var client = await admin.RegisterClientAsync("owner-org", Scopes.BeneficiariesRead);
        await admin.RegisterClientAsync("other-org", Scopes.BeneficiariesRead);

        var response = await admin.PostAsync($"/api/v1/identity/partners/other-org/clients/{client.ClientId}/disable", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var gateway = _platform.Raw();
        Assert.True((await gateway.RequestTokenAsync(client.ClientId, client.ClientSecret)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task The_token_endpoint_answers_an_unknown_client_exactly_as_a_wrong_secret()
    {
        using var gateway = _platform.Raw();
        using var admin = await _platform.AdministratorAsync();
        var client = await admin.RegisterClientAsync("secretive", Scopes.BeneficiariesRead);

        var wrongSecret = await gateway.RequestTokenAsync(client.ClientId, "not-the-secret");
        var unknown = await gateway.RequestTokenAsync("no-such-client-" + Guid.NewGuid().ToString("N")[..8], "not-the-secret");

        Assert.Equal(wrongSecret.StatusCode, unknown.StatusCode);
        Assert.Equal(await wrongSecret.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Discovery_through_the_gateway_names_the_public_issuer_and_token_endpoint()
    {
        using var gateway = _platform.Raw();

        var discovery = await gateway.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal(GatewayEdgeFixture.PublicAddress + "/", discovery.GetProperty("issuer").GetString());
        Assert.Equal(GatewayEdgeFixture.PublicAddress + "/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.StartsWith(GatewayEdgeFixture.PublicAddress + "/", discovery.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task An_authenticated_read_is_not_stored_by_caches_and_an_unchanged_record_answers_304()
    {
        using var office = await OfficeAsync("caching");
        var id = await office.RegisterAsync();

        var read = await office.GetAsync($"/api/v1/beneficiaries/{id}");
        Assert.Equal("no-store", read.Headers.CacheControl?.ToString());
        var etag = read.Headers.ETag!.Tag;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/beneficiaries/{id}");
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var unchanged = await office.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_update_with_If_Match_star_applies_to_the_current_record()
    {
        using var office = await OfficeAsync("if-match-star");
        var id = await office.RegisterAsync();
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/beneficiaries/{id}") { Content = JsonContent.Create(Partners.Registration()) };
        update.Headers.TryAddWithoutValidation("If-Match", "*");

        var response = await office.SendAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> ListAsync(HttpClient gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/beneficiaries");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.SendAsync(request);
    }

    /// <summary>A long body of zeros, produced as it is read.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
