using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Microsoft.Extensions.Hosting;

/// <summary>The query, value by value: text and length, and the endpoint's typed parameters parsed strictly (date-times given on in UTC).</summary>
internal static class QueryChecks
{
    private static readonly ConcurrentDictionary<Endpoint, IReadOnlyDictionary<string, Type>> QueryTypes = new();

    /// <summary>
    /// Checks every query value for control characters and length, and each value of a typed
    /// parameter of the endpoint against its type (strict ISO 8601 for dates). A date-time with an
    /// offset is given on to the endpoint in UTC. Returns the rewritten query when one was.
    /// </summary>
    public static QueryString? Check(HttpContext context, Dictionary<string, string[]> errors)
    {
        var query = context.Request.Query;
        if (query.Count == 0)
        {
            return null;
        }

        var types = context.GetEndpoint() is { } endpoint ? QueryTypes.GetOrAdd(endpoint, ParameterTypes) : new Dictionary<string, Type>();
        var changed = false;
        var rebuilt = new List<KeyValuePair<string, StringValues>>();
        foreach (var (name, values) in query)
        {
            var field = name;
            if (RequestHygiene.TextProblem(name) is not null || name.Length > RequestHygiene.MaxRouteValueLength)
            {
                errors["query"] = ["has a parameter name that is not valid."];
                continue;
            }

            var normalised = new string?[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] ?? "";
                normalised[i] = value;
                if (value.Length > RequestHygiene.MaxQueryValueLength)
                {
                    errors[field] = [$"must be at most {RequestHygiene.MaxQueryValueLength} characters."];
                }
                else if (RequestHygiene.TextProblem(value) is { } problem)
                {
                    errors[field] = [problem];
                }
                else if (types.TryGetValue(name, out var type) && value.Length > 0)
                {
                    if (QueryValues.Check(type, value, out var utc) is { } typeProblem)
                    {
                        errors[field] = [typeProblem];
                    }
                    else if (utc is not null && utc != value)
                    {
                        normalised[i] = utc;
                        changed = true;
                    }
                }
            }

            rebuilt.Add(new(name, new StringValues(normalised)));
        }

        return changed ? QueryString.Create(rebuilt) : null;
    }

    /// <summary>The endpoint's query parameters (plain ones and those of an [AsParameters] type) by name, with their types.</summary>
    private static IReadOnlyDictionary<string, Type> ParameterTypes(Endpoint endpoint)
    {
        var types = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return types;
        }

        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                var constructor = parameter.ParameterType.GetConstructors().MaxBy(c => c.GetParameters().Length);
                foreach (var member in constructor?.GetParameters() ?? [])
                {
                    AddIfSimple(types, member.GetCustomAttribute<FromQueryAttribute>()?.Name ?? member.Name, member.ParameterType);
                }

                continue;
            }

            if (parameter.GetCustomAttributes().Any(a => a is FromBodyAttribute or FromHeaderAttribute or FromRouteAttribute or FromServicesAttribute))
            {
                continue;
            }

            AddIfSimple(types, parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name, parameter.ParameterType);
        }

        return types;
    }

    private static void AddIfSimple(Dictionary<string, Type> types, string? name, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (name is not null && QueryValues.Checked.Contains(type))
        {
            types[name] = type;
        }
    }
}
