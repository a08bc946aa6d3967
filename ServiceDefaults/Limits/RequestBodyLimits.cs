using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Checks a JSON body against its type's declared limits before the endpoint binds it (a 400 naming
/// each field); a body that does not read as the type is left to the endpoint's binding.
/// </summary>
internal static class RequestBodyLimits
{
    public static async Task CheckAsync(HttpContext context, Dictionary<string, string[]> errors)
    {
        var request = context.Request;
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type } accepts
            || !(RequestLimits.HoldsFields(type) || (type.IsGenericType && type.GetGenericArguments().Any(RequestLimits.HoldsFields)))
            || !accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))
            || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
            || request.ContentLength is > RequestHygiene.MaxScannedBodyLength)
        {
            return;
        }

        request.EnableBuffering(RequestHygiene.MaxScannedBodyLength);
        object? body;
        try
        {
            var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            body = await JsonSerializer.DeserializeAsync(request.Body, type, options, context.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }
        catch (NotSupportedException)
        {
            body = null;
        }
        finally
        {
            request.Body.Position = 0;
        }

        var limits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        RequestLimits.Check(body, "", limits);
        foreach (var (field, messages) in limits)
        {
            errors[field] = [.. messages];
        }
    }
}
