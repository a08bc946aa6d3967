using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>
/// Collects what is wrong with a request, field by field (JSON paths such as "consent.given"),
/// and answers it as one RFC 9457 validation problem (400). Nothing is written while any error stands.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, List<string>> Fields => _errors;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
        }

        return this;
    }

    /// <summary>
    /// A person's or a group's name as a person would write it: at least one letter, no control or
    /// invisible-only characters, and not starting like a spreadsheet formula (=, +, -, @), which a
    /// partner's export would otherwise run.
    /// </summary>
    public ValidationErrors Name(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return this;
        }

        var name = value.Trim();
        if (!name.Any(char.IsLetter))
        {
            Add(field, "must contain at least one letter.");
        }
        else if (name.Any(char.IsControl))
        {
            Add(field, "must not contain control characters.");
        }
        else if (name[0] is '=' or '+' or '-' or '@')
        {
            Add(field, "must not start with =, +, - or @.");
        }

        return this;
    }

    /// <summary>
    /// The limits <paramref name="request"/>'s properties declare ([MaxLength], [Range] …), the ones
    /// the OpenAPI document gives: a JSON body meets them before its endpoint runs (RequestLimits),
    /// the rows of an upload here.
    /// </summary>
    public ValidationErrors Limits(object? request, string prefix = "")
    {
        RequestLimits.Check(request, prefix, _errors);
        return this;
    }

    public ValidationErrors MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"must be at most {max} characters.");
        }

        return this;
    }

    /// <summary>
    /// Checks a code against the allowed values and names them in the message. The rejected value
    /// is not repeated: a misplaced column of an upload can put someone's name or phone there.
    /// </summary>
    public ValidationErrors OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, "is required.") : this;
        }

        if (!allowed.Contains(value))
        {
            Add(field, $"is not one of: {string.Join(", ", allowed)}.");
        }

        return this;
    }

    /// <summary>Checks each code of a list, naming the bad ones by position ("roles[2]").</summary>
    public ValidationErrors EachOneOf(string field, IReadOnlyList<string>? values, IReadOnlyCollection<string> allowed)
    {
        for (var i = 0; values is not null && i < values.Count; i++)
        {
            OneOf($"{field}[{i}]", values[i], allowed);
        }

        return this;
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(ToDictionary(), title: "The request is not valid.");
}
