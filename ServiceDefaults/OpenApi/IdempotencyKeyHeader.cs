using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

/// <summary>What an Idempotency-Key may be: one rule for the server that checks it and the document that describes it.</summary>
public static partial class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    public const int MaxLength = 100;

    /// <summary>Printable ASCII: what a header may carry (RequestHygiene), less the tab.</summary>
    public const string Pattern = "^[ -~]+$";

    public static bool IsValid(string key) => key.Length is >= 1 and <= MaxLength && Printable().IsMatch(key);

    [GeneratedRegex(Pattern)]
    private static partial Regex Printable();
}
