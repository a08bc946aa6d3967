using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class UploadLimitFixture : PlatformFixture
{
    public const int Limit = 4096;

    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Activities = false,
        ServiceSettings = { [UploadLimit.Setting] = Limit.ToString() },
        GatewaySettings = { [UploadLimit.Setting] = Limit.ToString() },
    };
}

/// <summary>One upload limit, configured once: the gateway, the service, its answer and its API document all say the same number.</summary>
public sealed class UploadLimitTests(UploadLimitFixture fixture) : IClassFixture<UploadLimitFixture>
{
    private const string Uploads = "/api/v1/beneficiaries/imports";
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task An_upload_one_byte_over_the_configured_limit_is_answered_413_naming_the_limit()
    {
        using var office = await OfficeAsync("upload-over");

        var response = await office.PostAsync(Uploads, Csv(UploadLimitFixture.Limit + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{UploadLimitFixture.Limit} bytes", (await response.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_streamed_upload_one_byte_over_the_configured_limit_is_answered_413_naming_the_limit()
    {
        using var office = await OfficeAsync("upload-streamed");
        var content = new StreamContent(new MemoryStream(await Csv(UploadLimitFixture.Limit + 1).ReadAsByteArrayAsync()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await office.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{UploadLimitFixture.Limit} bytes", (await response.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_upload_of_exactly_the_limit_is_accepted_and_the_API_document_states_the_limit()
    {
        using var office = await OfficeAsync("upload-exact");

        var response = await office.PostAsync(Uploads, Csv(UploadLimitFixture.Limit));
        using var service = _platform.Beneficiaries.CreateClient();
        var document = JsonDocument.Parse(await service.GetStringAsync("/openapi/v1.json")).RootElement;
        var upload = document.GetProperty("paths").GetProperty(Uploads).GetProperty("post");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains($"{UploadLimitFixture.Limit} bytes", upload.GetProperty("description").GetString());
        Assert.True(upload.GetProperty("responses").TryGetProperty("413", out _));
    }

    private async Task<HttpClient> OfficeAsync(string partner)
    {
        var office = _platform.Raw();
        office.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await _platform.TokenAsync(partner, Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite));
        return office;
    }

    /// <summary>A CSV upload of exactly <paramref name="bytes"/> bytes: a header, a row, and padding in a last column.</summary>
    private static ByteArrayContent Csv(int bytes)
    {
        var head = "givenName,familyName,sex,birthDate,communePcode,note\nAwa,Traoré,female,1990-02-01,ML060201,";
        var start = Encoding.UTF8.GetBytes(head);
        var body = new byte[bytes];
        start.CopyTo(body, 0);
        Array.Fill(body, (byte)'x', start.Length, bytes - start.Length - 1);
        body[^1] = (byte)'\n';
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }
}
