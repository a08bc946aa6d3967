using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JusticePlatform.TestSupport;

/// <summary>The few calls of RabbitMQ's management API the tests need: virtual hosts and queue contents.</summary>
public sealed class RabbitManagement : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _virtualHost;

    public RabbitManagement(Uri management, string virtualHost)
    {
        _virtualHost = Uri.EscapeDataString(virtualHost);
        _http = new HttpClient { BaseAddress = new Uri($"{management.Scheme}://{management.Host}:{management.Port}/api/") };
        var credentials = Uri.UnescapeDataString(management.UserInfo);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    public async Task CreateVirtualHostAsync()
    {
        (await _http.PutAsJsonAsync($"vhosts/{_virtualHost}", new { })).EnsureSuccessStatusCode();
        var user = _http.DefaultRequestHeaders.Authorization!.Parameter is { } p
            ? Encoding.UTF8.GetString(Convert.FromBase64String(p)).Split(':')[0]
            : "guest";
        (await _http.PutAsJsonAsync($"permissions/{_virtualHost}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync()
    {
        try
        {
            await _http.DeleteAsync($"vhosts/{_virtualHost}");
        }
        catch (HttpRequestException)
        {
            // The broker is gone already.
        }
    }

    public async Task DeleteUserAsync(string user)
    {
        try
        {
            await _http.DeleteAsync($"users/{Uri.EscapeDataString(user)}");
        }
        catch (HttpRequestException)
        {
            // The broker is gone already.
        }
    }

    /// <summary>Messages ready plus unacknowledged in a queue, or null while the queue does not exist.</summary>
    public async Task<long?> MessageCountAsync(string queue)
    {
        var response = await _http.GetAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;
    }

    /// <summary>Peeks at up to <paramref name="count"/> messages (they stay in the queue) and returns their message ids.</summary>
    public async Task<IReadOnlyList<string>> PeekMessageIdsAsync(string queue, int count)
    {
        var response = await _http.PostAsJsonAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return messages.EnumerateArray()
            .Select(m => m.GetProperty("properties").TryGetProperty("message_id", out var id) ? id.GetString() ?? "" : "")
            .ToList();
    }

    /// <summary>The full bodies of up to <paramref name="count"/> messages, left in the queue.</summary>
    public async Task<IReadOnlyList<string>> PeekBodiesAsync(string queue, int count)
    {
        var response = await _http.PostAsJsonAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return messages.EnumerateArray().Select(m => m.GetProperty("payload").GetString() ?? "").ToList();
    }

    /// <summary>Every queue of this virtual host with its x-queue-type ("classic" when the declaration named none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> QueueTypesAsync()
    {
        var queues = await _http.GetFromJsonAsync<JsonElement>($"queues/{_virtualHost}?columns=name,arguments,type");
        return queues.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => q.GetProperty("arguments").TryGetProperty("x-queue-type", out var type) ? type.GetString() ?? "" : "classic");
    }

    /// <summary>Puts a message straight into a queue (the default exchange), as a misbehaving publisher could.</summary>
    public async Task PublishToQueueAsync(string queue, string payload, string contentType)
    {
        var response = await _http.PostAsJsonAsync($"exchanges/{_virtualHost}/amq.default/publish", new
        {
            properties = new Dictionary<string, object> { ["content_type"] = contentType, ["message_id"] = Guid.NewGuid().ToString() },
            routing_key = queue,
            payload,
            payload_encoding = "string",
        });
        response.EnsureSuccessStatusCode();
        var routed = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!routed.GetProperty("routed").GetBoolean())
        {
            throw new InvalidOperationException($"Nothing took the message published to {queue}.");
        }
    }

    public void Dispose() => _http.Dispose();
}
