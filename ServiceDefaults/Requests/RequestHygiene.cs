namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The limits every request meets before any endpoint sees it, the same in the gateway and in
/// every service. A request that breaks one gets a 4xx problem naming what is wrong, never a 5xx.
/// </summary>
public static class RequestHygiene
{
    /// <summary>Longest path and query accepted (414 beyond). Kestrel's own limit is set higher, so that this answer is a problem.</summary>
    public const int MaxUrlLength = 8 * 1024;

    /// <summary>Largest total of header names and values accepted (431 beyond).</summary>
    public const int MaxHeadersLength = 32 * 1024;

    /// <summary>Longest route value (an id or a code): the audit trail's resource id column holds 100 characters.</summary>
    public const int MaxRouteValueLength = 100;

    /// <summary>Longest query value: filters are ids, codes and dates.</summary>
    public const int MaxQueryValueLength = 1000;

    /// <summary>JSON bodies up to this size are checked for control characters before binding (bulk uploads, bigger, check their rows).</summary>
    public const int MaxScannedBodyLength = 1024 * 1024;

    /// <summary>
    /// True for a character no text field accepts: NUL and the other C0 controls (tab, line feed and
    /// carriage return excepted), DEL and the C1 controls. PostgreSQL refuses NUL outright.
    /// </summary>
    public static bool IsForbiddenControl(char c) =>
        (c < 0x20 && c is not '\t' and not '\n' and not '\r') || c is >= '\u007f' and <= '\u009f';

    /// <summary>The first reason <paramref name="value"/> cannot be stored as text, or null.</summary>
    public static string? TextProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsForbiddenControl(c))
            {
                return "must not contain control characters.";
            }

            if (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])))
            {
                return "is not valid Unicode text.";
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])))
            {
                return "is not valid Unicode text.";
            }
        }

        return null;
    }
}
