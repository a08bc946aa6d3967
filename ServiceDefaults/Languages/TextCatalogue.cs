using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The translations of the platform's English texts, from Languages/&lt;language&gt;/*.json: the key is
/// the English text, {placeholders} are filled from it, and a text without an entry is translated sentence by sentence.
/// </summary>
public sealed partial class TextCatalogue
{
    private readonly Dictionary<string, Language> _languages;

    public static TextCatalogue Default { get; } = LoadEmbedded();

    public TextCatalogue(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> translations) =>
        _languages = translations.ToDictionary(pair => pair.Key, pair => new Language(pair.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every English key of <paramref name="language"/>'s catalogue.</summary>
    public IEnumerable<string> Keys(string language) =>
        _languages.TryGetValue(language, out var catalogue) ? catalogue.Keys : [];

    /// <summary><paramref name="english"/> in <paramref name="language"/>, or as much of it as the catalogue knows (the rest stays English).</summary>
    public string Translate(string english, string language)
    {
        TryTranslate(english, language, out var translated);
        return translated;
    }

    /// <summary>True when every part of <paramref name="english"/> has a translation into <paramref name="language"/> (always for English).</summary>
    public bool TryTranslate(string english, string language, out string translated)
    {
        translated = english;
        if (string.IsNullOrEmpty(english) || string.Equals(language, Languages.English, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!_languages.TryGetValue(language, out var catalogue))
        {
            return false;
        }

        if (catalogue.TryWhole(english, out translated))
        {
            return true;
        }

        var sentences = SentenceBreak().Split(english);
        if (sentences.Length < 2)
        {
            translated = english;
            return false;
        }

        var complete = true;
        for (var i = 0; i < sentences.Length; i++)
        {
            complete &= catalogue.TryWhole(sentences[i], out sentences[i]);
        }

        translated = string.Join(' ', sentences);
        return complete;
    }

    private static TextCatalogue LoadEmbedded()
    {
        var assembly = typeof(TextCatalogue).Assembly;
        var translations = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Languages/", StringComparison.Ordinal)).Order())
        {
            // Languages/fr/grievances.json
            var language = name.Replace('\\', '/').Split('/')[1];
            using var stream = assembly.GetManifestResourceStream(name)!;
            var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                ?? throw new InvalidOperationException($"The catalogue {name} is empty.");
            var catalogue = translations.TryGetValue(language, out var known) ? known : translations[language] = new(StringComparer.Ordinal);
            foreach (var (english, text) in entries)
            {
                if (catalogue.TryGetValue(english, out var other) && other != text)
                {
                    throw new InvalidOperationException($"The catalogue {name} translates '{english}' otherwise than another file of its language.");
                }

                catalogue[english] = text;
            }
        }

        return new TextCatalogue(translations.ToDictionary(
            pair => pair.Key, pair => (IReadOnlyDictionary<string, string>)pair.Value, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A sentence ends with a full stop followed by a space and a capital (or a digit).</summary>
    [GeneratedRegex(@"(?<=\.)\s+(?=[A-Z0-9'""])")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();

    private sealed class Language
    {
        private readonly Dictionary<string, string> _exact = new(StringComparer.Ordinal);
        private readonly List<Template> _templates = [];

        public Language(IReadOnlyDictionary<string, string> entries)
        {
            foreach (var (english, translated) in entries)
            {
                if (Placeholder().IsMatch(english))
                {
                    _templates.Add(Template.Of(english, translated));
                }
                else
                {
                    _exact[english] = translated;
                }
            }

            // The most specific template first: "The activity is cancelled" has its own entry beside "The activity is {status}".
            _templates.Sort((a, b) => b.LiteralLength.CompareTo(a.LiteralLength));
        }

        public IEnumerable<string> Keys => _exact.Keys.Concat(_templates.Select(t => t.English));

        public bool TryWhole(string english, out string translated)
        {
            if (_exact.TryGetValue(english, out translated!))
            {
                return true;
            }

            foreach (var template in _templates)
            {
                if (template.TryFill(english, ValueOf, out translated))
                {
                    return true;
                }
            }

            translated = english;
            return false;
        }

        /// <summary>A value filled into a template is itself translated when it is a known text ("beneficiary" → "bénéficiaire").</summary>
        private string ValueOf(string value) => _exact.GetValueOrDefault(value, value);
    }
}
