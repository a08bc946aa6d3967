using System.Text;
using System.Text.Json.Nodes;
using JusticePlatform.ClientContractTests.Generated;
using JusticePlatform.TestSupport;

namespace JusticePlatform.ClientContractTests;

public sealed class GeneratedClientFixture : PlatformFixture
{
    /// <summary>The gateway's public address in the checked-in document (the README's local gateway).</summary>
    public const string PublicAddress = "http://127.0.0.1:8080";

    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Grievances = true,
        Funding = true,
        GatewaySettings = { ["Gateway:PublicAddress"] = PublicAddress },
    };
}

/// <summary>
/// A partner's developer generates a C# client from the gathered document (NSwag, at this
/// project's build, from platform.openapi.json) and follows the README's first call with it:
/// no request here is written by hand, every one is a method of the generated client.
/// </summary>
[Collection(GeneratedClients)]
public sealed class GeneratedClientTests(GeneratedClientFixture fixture) : IClassFixture<GeneratedClientFixture>
{
    /// <summary>
    /// The C# and TypeScript client classes run one after the other: the TypeScript compile is heavy
    /// enough to make a freshly started service miss the gateway's deadline for its OpenAPI document.
    /// </summary>
    public const string GeneratedClients = "Generated clients";

    /// <summary>Rewrites the checked-in document from the running platform instead of failing.</summary>
    public const string RefreshVariable = "REFRESH_OPENAPI_CONTRACT";

    private const string RefreshCommand =
        RefreshVariable + "=1 dotnet test tests/ClientContractTests --filter The_checked_in_document_is_the_one_the_gateway_serves";

    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task The_checked_in_document_is_the_one_the_gateway_serves()
    {
        using var gateway = new HttpClient { BaseAddress = _platform.Gateway!.Address };
        var served = JsonNode.Parse(await GatheredDocument.ReadTextAsync(gateway))!;
        var path = CheckedInDocumentPath();
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path));

        if (!JsonNode.DeepEquals(served, checkedIn) && Environment.GetEnvironmentVariable(RefreshVariable) == "1")
        {
            var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
            await File.WriteAllTextAsync(path, text + "\n");
            return;
        }

        Assert.True(JsonNode.DeepEquals(served, checkedIn),
            $"The gateway's document differs from {path}, which the generated client is built from. Refresh it with:\n{RefreshCommand}");
    }

    [Fact]
    public async Task The_generated_client_runs_the_readme_first_call_flow_through_the_gateway()
    {
        using var http = new HttpClient { BaseAddress = _platform.Gateway!.Address };
        var client = new PlatformClient(http);

        // 1. The administrator's token.
        var adminToken = await client.RequestTokenAsync(null, new TokenRequest
        {
            Grant_type = TokenRequestGrant_type.Client_credentials, Client_id = TestPlatform.AdminClientId, Client_secret = TestPlatform.AdminClientSecret, Scope = "admin",
        });
        Authorize(http, adminToken.Result.Access_token);

        // 2–3. A partner and a client for it; the secret is shown this once.
        var partner = await client.RegisterPartnerAsync(null, new RegisterPartnerRequest { Id = "amss", Name = "AMSS" });
        Assert.Equal(201, partner.StatusCode);
        var issued = await client.RegisterClientAsync("amss", null, new RegisterClientRequest
        {
            DisplayName = "AMSS Timbuktu office",
            Scopes = [Scopes2.Beneficiaries_read, Scopes2.Beneficiaries_write],
        });
        Assert.False(string.IsNullOrEmpty(issued.Result.ClientSecret));

        // 4. The partner's token.
        var token = await client.RequestTokenAsync(null, new TokenRequest
        {
            Grant_type = TokenRequestGrant_type.Client_credentials, Client_id = issued.Result.ClientId, Client_secret = issued.Result.ClientSecret,
            Scope = "beneficiaries.read beneficiaries.write",
        });
        Authorize(http, token.Result.Access_token);

        // 5. Register, with an Idempotency-Key.
        var registration = new BeneficiaryRequest
        {
            GivenName = "Awa",
            FamilyName = "Traoré",
            Sex = BeneficiaryRequestSex.Female,
            BirthDate = new DateTimeOffset(1990, 2, 1, 0, 0, 0, TimeSpan.Zero),
            DisplacementStatus = BeneficiaryRequestDisplacementStatus.Idp,
            CommunePcode = "ML060201",
            Consent = new ConsentRequest { Given = true, Date = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) },
        };
        var registered = await client.RegisterBeneficiaryAsync(null, "tbk-2026-11-25-0001", registration);
        Assert.Equal(201, registered.StatusCode);
        var id = registered.Result.Id;

        // 6. Read it, and its ETag.
        var read = await client.GetBeneficiaryAsync(id, null, null);
        Assert.Equal("Awa", read.Result.GivenName);
        var etag = Assert.Single(read.Headers["ETag"]);

        // 7. Update it with If-Match; a second update with the old ETag is refused with a typed problem.
        registration.CommunePcode = "ML060202";
        var updated = await client.UpdateBeneficiaryAsync(id, etag, null, registration);
        Assert.Equal("ML060202", updated.Result.CommunePcode);
        var stale = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.UpdateBeneficiaryAsync(id, etag, null, registration));
        Assert.Equal(412, stale.StatusCode);
        Assert.Equal(412, stale.Result.Status);

        // 8. Upload a CSV batch.
        var csv = "givenName,familyName,sex,birthDate,displacementStatus,communePcode,consentGiven,consentDate\n" +
                  "Fanta,Cissé,female,1985-05-05,idp,ML060201,true,2026-10-01\n" +
                  "Moussa,Diarra,male,1979-09-09,returnee,ML060202,true,2026-10-01\n";
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var upload = await client.UploadBeneficiaryImportAsync(null, null, null, null, "tbk-2026-11-25-upload",
            new FileParameter(file, "beneficiaries.csv", "text/csv"));
        Assert.Equal(202, upload.StatusCode);

        // 9. Follow the import until it ends.
        var finished = await Eventually.ReturnsAsync(
            async () => (await client.GetBeneficiaryImportAsync(upload.Result.Id, null, null, null, null)).Result,
            import => import.Summary is not null, TimeSpan.FromSeconds(60), "the import to finish");
        Assert.Equal(2, finished.Summary.Stats.Created);

        // 10. Erase the person on their request: the name is gone from the record.
        var erased = await client.EraseBeneficiaryAsync(id, null);
        Assert.Equal(204, erased.StatusCode);
        Assert.True(string.IsNullOrEmpty((await client.GetBeneficiaryAsync(id, null, null)).Result.GivenName));

        // An id the partner does not own answers a typed 404 problem.
        var unknown = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.GetBeneficiaryAsync(Guid.NewGuid(), null, null));
        Assert.Equal(404, unknown.StatusCode);
    }

    private static void Authorize(HttpClient http, string token) =>
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    private static string CheckedInDocumentPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "ClientContractTests", "platform.openapi.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/ClientContractTests/platform.openapi.json was not found above " + AppContext.BaseDirectory);
    }
}
