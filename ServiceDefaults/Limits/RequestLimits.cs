using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The longest each string of a list may be (the list's own length is <see cref="MaxLengthAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ItemMaxLengthAttribute(int length) : ValidationAttribute
{
    public int Length { get; } = length;

    public override bool IsValid(object? value) => value is not IEnumerable<string?> items || items.All(item => item is null || item.Length <= Length);
}

/// <summary>
/// The most items a list body holds (a batch): on the endpoint, for the document's maxItems; the
/// endpoint refuses a longer list with this same number.
/// </summary>
public sealed record MaxBodyItems(int Count);

/// <summary>
/// The limits a request body's properties declare with data annotations ([MaxLength], [MinLength],
/// [Range], [ItemMaxLength]) are the one source of truth for both sides of the contract: the
/// OpenAPI document gives them as maxLength, maxItems, minimum and maximum (OpenApiLimits), and
/// every JSON body is checked against them here before the endpoint sees it, naming each field
/// that breaks one by its JSON path. Uploads check their rows with the same attributes
/// (<see cref="Check"/> from their validation).
/// </summary>
public static class RequestLimits
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name, ValidationAttribute[] Limits)[]> Properties = new();

    /// <summary>
    /// Adds to <paramref name="errors"/> (field → messages) each limit <paramref name="request"/> breaks,
    /// in it and in the objects and lists of objects it holds, its fields named under <paramref name="prefix"/>
    /// ("survivor.name", "cells[2].count", "[3].type" for the fourth item of a list body).
    /// </summary>
    public static void Check(object? request, string prefix, IDictionary<string, List<string>> errors)
    {
        if (request is null || request is string || !HoldsFields(request.GetType()))
        {
            if (request is IEnumerable items and not string && ElementType(request.GetType()) is { } element && HoldsFields(element))
            {
                var index = 0;
                foreach (var item in items)
                {
                    Check(item, $"{prefix}[{index++}]", errors);
                }
            }

            return;
        }

        foreach (var (property, name, limits) in Properties.GetOrAdd(request.GetType(), Describe))
        {
            var field = prefix.Length == 0 ? name : $"{prefix}.{name}";
            var value = property.GetValue(request);
            foreach (var limit in limits)
            {
                if (limit is ItemMaxLengthAttribute { Length: var max } && value is IEnumerable<string?> texts)
                {
                    var index = 0;
                    foreach (var text in texts)
                    {
                        if (text?.Length > max)
                        {
                            Add(errors, $"{field}[{index}]", $"must be at most {max} characters.");
                        }

                        index++;
                    }
                }
                else if (Problem(limit, value) is { } problem)
                {
                    Add(errors, field, problem);
                }
            }

            Check(value, field, errors);
        }
    }

    private static void Add(IDictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>The message for a value that breaks <paramref name="limit"/>, or null.</summary>
    public static string? Problem(ValidationAttribute limit, object? value)
    {
        switch (limit)
        {
            case MaxLengthAttribute { Length: var max } when value is string text && text.Length > max:
                return $"must be at most {max} characters.";
            case MaxLengthAttribute { Length: var max } when value is ICollection items && items.Count > max:
                return $"must hold at most {max} items.";
            case MinLengthAttribute { Length: var min } when value is string text && text.Length < min:
                return $"must be at least {min} characters.";
            case MinLengthAttribute { Length: var min } when value is ICollection items && items.Count < min:
                return $"must hold at least {min} items.";
            case RangeAttribute range when value is not null && !range.IsValid(value):
                return $"must be between {range.Minimum} and {range.Maximum}.";
            default:
                return null;
        }
    }

    /// <summary>The platform's own classes and records (a request and what it holds), not the framework's values and collections.</summary>
    public static bool HoldsFields(Type type) =>
        type.IsClass && !typeof(IEnumerable).IsAssignableFrom(type) && type.Namespace is { } space
        && !space.StartsWith("System", StringComparison.Ordinal) && !space.StartsWith("Microsoft", StringComparison.Ordinal);

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static (PropertyInfo, string, ValidationAttribute[])[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            // What a client sends: members it can set (computed ones may not even read on a half-filled request).
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.SetMethod is not null)
            .Select(p => (p, p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttributes<ValidationAttribute>().Where(a => a is MaxLengthAttribute or MinLengthAttribute or RangeAttribute or ItemMaxLengthAttribute).ToArray()))
            .ToArray();
}

/// <summary>
/// Checks a JSON body against the limits its type declares (see <see cref="RequestLimits"/>) before
/// the endpoint binds it, as one of the request's input checks: a field past its limit is a 400
/// naming it, whatever the endpoint's own validation remembers. A body that does not read as the
/// type is left to the endpoint's binding.
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
