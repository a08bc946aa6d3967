using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Gateway;

/// <summary>
/// The gateway, run as a deployment runs it, serves HTTPS with the certificate and on the address
/// its configuration gives (docs/OPERATIONS.md, "TLS").
/// </summary>
public sealed class GatewayHttpsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-tls-").FullName;

    [Fact]
    public async Task The_gateway_serves_https_with_the_configured_pem_certificate_on_the_configured_address()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gateway.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificateFile = Path.Combine(_directory, "tls.crt");
        var keyFile = Path.Combine(_directory, "tls.key");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        var port = FreePort();

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuiltAssembly.Of("gateway/Gateway", "Gateway"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var service in new[] { "identity", "beneficiaries", "activities", "grievances", "funding" })
        {
            start.Environment[$"services__{service}__http__0"] = "http://127.0.0.1:9";
        }

        start.Environment["Identity__Authority"] = "http://127.0.0.1:9";
        start.Environment["Identity__RequireHttpsMetadata"] = "false";
        // Production counts rate limits in Redis; serving HTTPS does not need it to answer.
        start.Environment["ConnectionStrings__redis"] = await TestInfrastructure.RedisAsync();
        start.Environment["Kestrel__Endpoints__Https__Url"] = $"https://127.0.0.1:{port}";
        start.Environment["Kestrel__Endpoints__Https__Certificate__Path"] = certificateFile;
        start.Environment["Kestrel__Endpoints__Https__Certificate__KeyPath"] = keyFile;
        using var gateway = Process.Start(start)!;
        _ = gateway.StandardOutput.ReadToEndAsync();
        _ = gateway.StandardError.ReadToEndAsync();
        try
        {
            string? served = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                {
                    served = presented?.Thumbprint;
                    return presented?.Thumbprint == certificate.Thumbprint;
                },
            };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        using var alive = await client.GetAsync("/alive");
                        return alive.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(60), "the gateway to answer over HTTPS");

            Assert.Equal(certificate.Thumbprint, served);
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
