using System.Globalization;

namespace Microsoft.Extensions.Hosting;

/// <summary>Strict parsing of typed query values: what a generated client sends, and nothing a lenient parser would guess at.</summary>
public static class QueryValues
{
    internal static readonly HashSet<Type> Checked =
        [typeof(int), typeof(long), typeof(short), typeof(decimal), typeof(double), typeof(bool), typeof(Guid), typeof(DateTimeOffset), typeof(DateTime), typeof(DateOnly)];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
    ];

    /// <summary>A message when <paramref name="value"/> is not a <paramref name="type"/>; <paramref name="utc"/> is a date-time rewritten in UTC.</summary>
    public static string? Check(Type type, string value, out string? utc)
    {
        utc = null;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            if (!DateTimeOffset.TryParseExact(value, DateTimeFormats, invariant, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return "must be a date-time in ISO 8601, such as 2026-01-31T00:00:00Z.";
            }

            utc = instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", invariant);
            return null;
        }

        return type switch
        {
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : $"must be a whole number between {int.MinValue} and {int.MaxValue}.",
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : "must be a whole number.",
            _ when type == typeof(short) => short.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : "must be a whole number.",
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, invariant, out _) ? null : "must be a number.",
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, invariant, out var d) && double.IsFinite(d) ? null : "must be a number.",
            _ when type == typeof(bool) => bool.TryParse(value, out _) ? null : "must be true or false.",
            _ when type == typeof(Guid) => Guid.TryParseExact(value, "D", out _) ? null : "must be a UUID, such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.",
            _ when type == typeof(DateOnly) => DateOnly.TryParseExact(value, "yyyy-MM-dd", invariant, DateTimeStyles.None, out _) ? null : "must be a date in ISO 8601, such as 2026-01-31.",
            _ => null,
        };
    }
}
