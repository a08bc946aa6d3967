using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.TestSupport;

/// <summary>
/// Starts one real service in the test process (its own Program, middleware, database and
/// broker connection), configured by plain settings. <typeparamref name="TEntryPoint"/> is any
/// public type of the service's assembly. With <see cref="ListenOnRealPort"/> it serves on a
/// loopback port, so that the gateway (or anything else) can reach it over HTTP.
/// </summary>
public class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IServiceHost where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public ServiceHost(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null, bool listenOnRealPort = false)
    {
        _settings = new Dictionary<string, string?>(settings);
        _configureServices = configureServices;
        ListenOnRealPort = listenOnRealPort;
        if (listenOnRealPort)
        {
            UseKestrel(0);
        }
    }

    public bool ListenOnRealPort { get; }

    /// <summary>http://127.0.0.1:PORT once started with a real port.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        }
    }

    public HttpClient CreateHttpClient() => CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }
}

/// <summary>A started service, whatever its entry point.</summary>
public interface IServiceHost
{
    IServiceProvider Services { get; }

    Uri Address { get; }

    void StartServer();

    HttpClient CreateHttpClient();
}
