using System.Net;
using System.Net.Sockets;

namespace JusticePlatform.TestSupport;

/// <summary>
/// A loopback TCP forwarder between a service and a real server. <see cref="Cut"/> drops every
/// connection and refuses new ones, as an outage would; <see cref="Restore"/> listens again on
/// the same port. It lets one test take "the broker" down without touching other tests.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource _running = new();

    private TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
    }

    public int Port { get; private set; }

    public static TcpProxy Start(string targetHost, int targetPort)
    {
        var proxy = new TcpProxy(targetHost, targetPort);
        proxy.Listen(0);
        return proxy;
    }

    public void Cut()
    {
        _running.Cancel();
        _listener?.Stop();
        lock (_lock)
        {
            foreach (var client in _open)
            {
                try
                {
                    // Reset rather than close politely: the peer sees the connection drop at once.
                    client.Client?.Close(0);
                }
                catch (ObjectDisposedException)
                {
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Restore()
    {
        _running = new CancellationTokenSource();
        Listen(Port);
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync(listener, _running.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch
            {
                return;
            }

            _ = ForwardAsync(inbound, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            lock (_lock)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            await using var a = inbound.GetStream();
            await using var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
        }
        catch
        {
            // A cut or a closed peer ends the forwarding; either way both sides are closed below.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
