using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

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
/// The limits a request's properties declare ([MaxLength], [MinLength], [Range], [ItemMaxLength]): one source for the
/// document (OpenApiLimits), the input checks (RequestBodyLimits) and the validators (upload rows, bodies too large to scan).
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
