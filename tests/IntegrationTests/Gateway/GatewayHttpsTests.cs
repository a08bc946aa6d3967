using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JusticePlatform.Gateway;
using JusticePlatform.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Gateway;

/// <summary>The gateway serves HTTPS with the certificate and on the address its configuration gives (docs/OPERATIONS.md, "TLS").</summary>
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

        await using var gateway = new ServiceHost<ServiceAddressFilter>(new Dictionary<string, string?>
        {
            ["services:identity:http:0"] = "http://127.0.0.1:9",
            ["services:beneficiaries:http:0"] = "http://127.0.0.1:9",
            ["services:activities:http:0"] = "http://127.0.0.1:9",
            ["services:grievances:http:0"] = "http://127.0.0.1:9",
            ["services:funding:http:0"] = "http://127.0.0.1:9",
            ["Identity:Authority"] = "http://127.0.0.1:9",
            ["Identity:RequireHttpsMetadata"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = certificateFile,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = keyFile,
        });
        gateway.StartServer();
        var https = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => a.StartsWith("https://127.0.0.1:", StringComparison.Ordinal));

        X509Certificate2? served = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                served = presented is null ? null : X509CertificateLoader.LoadCertificate(presented.RawData);
                return presented?.Thumbprint == certificate.Thumbprint;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(https) };
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(certificate.Thumbprint, served?.Thumbprint);
        served?.Dispose();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
