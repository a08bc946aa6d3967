using System.Text;
using System.Text.RegularExpressions;

namespace JusticePlatform.UnitTests.Texts;

/// <summary>
/// Finds, in the C# sources of the services, the gateway and the shared projects, every text an
/// answer can carry to a person: problem titles and details, validation messages (a sentence
/// ending with a full stop) and anything given to a problem writer or a refusal. Interpolated
/// values become placeholders ("must be at most {max} characters."); concatenated pieces are
/// joined. Texts for operators (exceptions that stop a service, log lines, OpenAPI summaries) are left out.
/// </summary>
public static partial class MessageSources
{
    /// <summary>Calls whose texts are for operators or documentation, not for an answer.</summary>
    private static readonly HashSet<string> OperatorCalls =
    [
        "WithSummary", "WithDescription", "Description", "LogTrace", "LogDebug", "LogInformation", "LogWarning", "LogError", "LogCritical",
        "Log", "LoggerMessage", "GeneratedRegex", "InvalidOperationException", "ArgumentException", "ArgumentOutOfRangeException",
        "ArgumentNullException", "NotSupportedException", "NotImplementedException", "CryptographicException", "InvalidDataException",
        "FormatException", "OptionsValidationException", "KeyNotFoundException", "BeginScope", "SetTag", "AddEvent", "Obsolete",
    ];

    /// <summary>Calls whose every text is an answer's.</summary>
    private static readonly HashSet<string> ProblemCalls = ["WriteProblemAsync", "RefusedException", "OwnershipRefusedException", "Problem"];

    public static IEnumerable<(string File, string Text)> All()
    {
        var root = RepositoryRoot();
        foreach (var folder in new[] { "services", "gateway", "ServiceDefaults" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "Migrations" or "obj" or "bin"))
                         // The OpenAPI document is written in English for developers, not translated (OpenApi*.cs and ServiceDefaults/OpenApi/).
                         .Where(f => !Path.GetFileName(f).StartsWith("OpenApi", StringComparison.Ordinal)
                                     && Path.GetFileName(Path.GetDirectoryName(f)) != "OpenApi")
                         .Order(StringComparer.Ordinal))
            {
                foreach (var text in Scan(File.ReadAllText(file)))
                {
                    yield return (Path.GetRelativePath(root, file), text);
                }
            }
        }
    }

    /// <summary>The answer texts of one C# source.</summary>
    public static IEnumerable<string> Scan(string source)
    {
        var literals = new List<(StringBuilder Text, List<string> Calls, bool Named)>();
        var calls = new List<string>();
        var identifier = "";
        int? lastLiteral = null;
        var afterPlus = false;
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (source.AsSpan(i).StartsWith("//"))
            {
                var end = source.IndexOf('\n', i);
                i = end < 0 ? source.Length : end;
                continue;
            }

            if (source.AsSpan(i).StartsWith("/*"))
            {
                var end = source.IndexOf("*/", i, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 2;
                continue;
            }

            if (c == '\'' && i + 2 < source.Length)
            {
                var end = source[i + 1] == '\\' ? i + 3 : i + 2;
                i = end < source.Length && source[end] == '\'' ? end + 1 : i + 1;
                identifier = "";
                continue;
            }

            if (StringStart().Match(source, i) is { Success: true } start && start.Index == i)
            {
                var prefix = start.Groups["prefix"].Value;
                var open = i + prefix.Length;
                if (source.AsSpan(open).StartsWith("\"\"\""))
                {
                    var end = source.IndexOf("\"\"\"", open + 3, StringComparison.Ordinal);
                    i = end < 0 ? source.Length : end + 3;
                    lastLiteral = null;
                    continue;
                }

                var (text, next) = ReadLiteral(source, open + 1, prefix.Contains('$'), prefix.Contains('@'));
                var before = source[Math.Max(0, i - 40)..i];
                var lineStart = source.LastIndexOf('\n', i) + 1;
                var lineEnd = source.IndexOf('\n', i);
                var line = source[lineStart..(lineEnd < 0 ? source.Length : lineEnd)];
                var named = NamedArgument().IsMatch(before) || line.Contains("StatusCode", StringComparison.Ordinal);
                if (afterPlus && lastLiteral is { } previous)
                {
                    literals[previous].Text.Append(text);
                }
                else
                {
                    literals.Add((new StringBuilder(text), [.. calls], named));
                    lastLiteral = literals.Count - 1;
                }

                afterPlus = false;
                identifier = "";
                i = next;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < source.Length && (char.IsLetterOrDigit(source[end]) || source[end] == '_'))
                {
                    end++;
                }

                identifier = source[i..end];
                lastLiteral = null;
                afterPlus = false;
                i = end;
                continue;
            }

            switch (c)
            {
                case '(':
                    calls.Add(identifier);
                    lastLiteral = null;
                    break;
                case ')':
                    if (calls.Count > 0)
                    {
                        calls.RemoveAt(calls.Count - 1);
                    }

                    lastLiteral = null;
                    break;
                case '+':
                    afterPlus = lastLiteral is not null;
                    i++;
                    continue;
                case ';':
                    calls.Clear();
                    lastLiteral = null;
                    break;
                case ' ' or '\t' or '\r' or '\n':
                    i++;
                    continue;
                default:
                    lastLiteral = null;
                    break;
            }

            afterPlus = false;
            if (c != '.')
            {
                identifier = "";
            }

            i++;
        }

        foreach (var (builder, enclosing, named) in literals)
        {
            var text = builder.ToString().Trim().TrimStart('.', ' ');
            var start = text.TrimStart('{', '\'', '"');
            if (start.Length == 0 || !char.IsLetter(start[0]) || enclosing.Any(OperatorCalls.Contains))
            {
                continue;
            }

            var sentence = text.Contains(' ') && text.EndsWith('.');
            var answer = named || enclosing.Any(ProblemCalls.Contains);
            if (sentence || (answer && (text.Contains(' ') || char.IsUpper(text[0]))))
            {
                yield return text;
            }
        }
    }

    /// <summary>A literal's text from just after its opening quote; an interpolation becomes {its expression}.</summary>
    private static (string Text, int Next) ReadLiteral(string source, int i, bool interpolated, bool verbatim)
    {
        var text = new StringBuilder();
        while (i < source.Length)
        {
            var c = source[i];
            if (verbatim && c == '"' && i + 1 < source.Length && source[i + 1] == '"')
            {
                text.Append('"');
                i += 2;
                continue;
            }

            if (!verbatim && c == '\\')
            {
                text.Append(i + 1 < source.Length ? source[i + 1] switch { 'n' => '\n', 't' => '\t', var escaped => escaped } : c);
                i += 2;
                continue;
            }

            if (c == '"')
            {
                return (text.ToString(), i + 1);
            }

            if (interpolated && c == '{')
            {
                if (i + 1 < source.Length && source[i + 1] == '{')
                {
                    text.Append('{');
                    i += 2;
                    continue;
                }

                var depth = 1;
                var hole = new StringBuilder();
                i++;
                while (i < source.Length && depth > 0)
                {
                    var h = source[i];
                    if (h == '"')
                    {
                        // A string inside the value (string.Join(", ", …)) is part of the expression.
                        i++;
                        while (i < source.Length && source[i] != '"')
                        {
                            i += source[i] == '\\' ? 2 : 1;
                        }

                        i++;
                        continue;
                    }

                    depth += h == '{' ? 1 : h == '}' ? -1 : 0;
                    if (depth > 0)
                    {
                        hole.Append(h);
                    }

                    i++;
                }

                text.Append('{').Append(hole.ToString().Split(':')[0].Trim()).Append('}');
                continue;
            }

            if (interpolated && c == '}' && i + 1 < source.Length && source[i + 1] == '}')
            {
                text.Append('}');
                i += 2;
                continue;
            }

            text.Append(c);
            i++;
        }

        return (text.ToString(), i);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JusticePlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (JusticePlatform.sln) was not found above the test's directory.");
    }

    [GeneratedRegex(@"\G(?<prefix>\$@|@\$|\$|@)?""")]
    private static partial Regex StringStart();

    [GeneratedRegex(@"\b(title|detail|Title|Detail)\s*[:=]\s*$")]
    private static partial Regex NamedArgument();
}
