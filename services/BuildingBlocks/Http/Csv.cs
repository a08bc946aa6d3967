namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>
/// CSV cells for exports that a spreadsheet cannot run: a cell starting with =, +, -, @ (or a
/// tab or carriage return) is prefixed with a quote, and a cell holding a separator, quote or
/// line break is quoted.
/// </summary>
public static class Csv
{
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>One line of cells, each made safe with <see cref="Cell"/>, ending with a line feed.</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\n";
}
