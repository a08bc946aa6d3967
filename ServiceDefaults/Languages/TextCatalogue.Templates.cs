using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

public sealed partial class TextCatalogue
{
    /// <summary>A catalogue entry with placeholders ({max}): matches an English text and fills its values into the translation.</summary>
    private sealed class Template
    {
        private readonly Regex _pattern;
        private readonly string[] _names;
        private readonly string _translated;

        private Template(string english, Regex pattern, string[] names, string translated, int literalLength)
        {
            English = english;
            _pattern = pattern;
            _names = names;
            _translated = translated;
            LiteralLength = literalLength;
        }

        public string English { get; }

        public int LiteralLength { get; }

        public static Template Of(string english, string translated)
        {
            var pattern = new StringBuilder("^");
            var names = new List<string>();
            var last = 0;
            var literal = 0;
            foreach (Match hole in Placeholder().Matches(english))
            {
                // A value never spans a sentence break: a template's last value does not swallow the sentence after it.
                pattern.Append(Regex.Escape(english[last..hole.Index])).Append(@"((?:(?!\.\s+[A-Z0-9'""]).)+?)");
                literal += hole.Index - last;
                names.Add(hole.Value);
                last = hole.Index + hole.Length;
            }

            pattern.Append(Regex.Escape(english[last..])).Append('$');
            literal += english.Length - last;
            foreach (Match hole in Placeholder().Matches(translated))
            {
                if (!names.Contains(hole.Value))
                {
                    throw new InvalidOperationException($"The translation of '{english}' names {hole.Value}, which the English text does not hold.");
                }
            }

            return new Template(english, new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant), [.. names], translated, literal);
        }

        public bool TryFill(string english, Func<string, string> valueOf, out string translated)
        {
            var match = _pattern.Match(english);
            if (!match.Success)
            {
                translated = english;
                return false;
            }

            var text = new StringBuilder(_translated);
            for (var i = 0; i < _names.Length; i++)
            {
                text.Replace(_names[i], valueOf(match.Groups[i + 1].Value));
            }

            translated = text.ToString();
            return true;
        }
    }
}
