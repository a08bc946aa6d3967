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
/// public type of the service's assembly. It serves on a loopback port, so that the gateway,
/// the other services (fetching the identity service's keys) and the tests reach it over HTTP.
/// </summary>
public class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IServiceHost where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public ServiceHost(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        _settings = new Dictionary<string, string?>(settings);
        _configureServices = configureServices;
        UseKestrel(0);
    }

    /// <summary>http://127.0.0.1:PORT, once started.</summary>
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
