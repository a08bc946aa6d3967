using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JusticePlatform.IntegrationTests;

/// <summary>
/// A service (or the gateway) run from its build output as a process of its own, `dotnet JusticePlatform.X.dll`,
/// the way a deployment runs it, so that a test can kill it outright (SIGKILL) and nothing of it runs on.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptOutput = 200_000;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>http://127.0.0.1:PORT, where it serves.</summary>
    public Uri Address { get; }

    /// <summary>The last of what it wrote, for a failure's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="projectDirectory">The project's folder from the repository root, e.g. "services/Funding".</param>
    /// <param name="project">The project's name, e.g. "Funding".</param>
    /// <param name="settings">Its configuration, given as environment variables (":" written "__").</param>
    public static ServiceProcess Start(string projectDirectory, string project, IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuiltAssembly.Of(projectDirectory, project));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new ServiceProcess(Process.Start(start)!, address);
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>SIGKILL: no shutdown, no draining, no last writes; what it held in memory is lost.</summary>
    public void KillOutright() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > KeptOutput)
            {
                _output.Remove(0, _output.Length - KeptOutput);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
