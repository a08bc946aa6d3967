using System.Reflection;
using System.Text.RegularExpressions;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.UnitTests.Texts;

public sealed partial class TextCatalogueTests
{
    private static readonly TextCatalogue Catalogue = TextCatalogue.Default;

    /// <summary>
    /// Every text an answer can carry has a French entry: a message added in English without its
    /// French (in ServiceDefaults/Languages/fr/) fails here, naming it and its file.
    /// </summary>
    [Fact]
    public void Every_message_the_code_can_produce_has_a_French_translation()
    {
        var missing = MessageSources.All()
            .Where(m => !Catalogue.TryTranslate(Sample(m.Text), Languages.French, out _))
            .Select(m => $"{m.File}: {m.Text}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} texts have no French entry:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_message_scan_finds_titles_details_and_validation_messages()
    {
        var texts = MessageSources.All().Select(m => m.Text).ToHashSet();

        Assert.True(texts.Count > 250, $"only {texts.Count} texts found: the scan is not reading the sources");
        Assert.Contains("must be at most {max} characters.", texts);
        Assert.Contains("The survivor has not consented to referral", texts);
        Assert.Contains("The {resource} was changed by someone else", texts);
    }

    [Theory]
    [InlineData("""errors.Add("x", $"must be at most {max} characters.");""", "must be at most {max} characters.")]
    [InlineData("""TypedResults.Problem(statusCode: 409, title: "The case is closed", detail: "Reopen it.");""", "The case is closed")]
    [InlineData("""detail: $"Period {p.Label} was locked " + $"on {p.LockedAt:yyyy-MM-dd}.");""", "Period {p.Label} was locked on {p.LockedAt}.")]
    [InlineData("""Add("x", $"is not one of: {string.Join(", ", allowed)}.");""", "is not one of: {string.Join(, allowed)}.")]
    public void The_message_scan_reads_a_message_with_its_placeholders(string source, string expected) =>
        Assert.Contains(expected, MessageSources.Scan(source));

    [Theory]
    [InlineData("""throw new InvalidOperationException("The key file is truncated.");""")]
    [InlineData("""logger.LogWarning("The broker did not answer in time.");""")]
    [InlineData("""group.MapGet("/", List).WithSummary("Lists the cases of the partner.");""")]
    public void The_message_scan_leaves_out_texts_for_operators(string source) =>
        Assert.Empty(MessageSources.Scan(source));

    /// <summary>
    /// Every label of every code list of the four services and Identity has a French entry, but for a
    /// code that is its own label (an ISO 4217 currency code), which reads the same in every language.
    /// </summary>
    [Fact]
    public void Every_code_list_label_has_a_French_translation()
    {
        var lists = CodeLists().ToList();
        var missing = lists.SelectMany(list => list.Codes.Select(code => (list.Name, code)))
            .Where(entry => entry.code.Label != entry.code.Value)
            .Where(entry => !Catalogue.TryTranslate(entry.code.Label, Languages.French, out _))
            .Select(entry => $"{entry.Name}.{entry.code.Value}: {entry.code.Label}")
            .Distinct()
            .ToList();

        Assert.True(lists.Count >= 40, $"only {lists.Count} code lists found");
        Assert.True(missing.Count == 0, "Labels without a French entry:\n" + string.Join('\n', missing));
    }

    /// <summary>Every label of the program report page has a French entry: the page asked for in French has no English left.</summary>
    [Fact]
    public void Every_report_page_label_has_a_French_translation()
    {
        var missing = JusticePlatform.Activities.Reports.ReportTexts.English
            .Where(text => !Catalogue.TryTranslate(text.Value, Languages.French, out _))
            .Select(text => $"{text.Key}: {text.Value}")
            .ToList();

        Assert.True(missing.Count == 0, "Report page labels without a French entry:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void A_template_fills_the_values_of_the_English_text_into_the_French_one() =>
        Assert.Equal("doit contenir au plus 200 caractères.", Catalogue.Translate("must be at most 200 characters.", Languages.French));

    [Fact]
    public void A_value_filled_into_a_template_is_itself_translated_when_the_catalogue_knows_it() =>
        Assert.Equal("La fiche « bénéficiaire » a été modifiée par quelqu'un d'autre",
            Catalogue.Translate("The beneficiary was changed by someone else", Languages.French));

    [Fact]
    public void A_text_of_several_sentences_without_an_entry_of_its_own_is_translated_sentence_by_sentence() =>
        Assert.Equal("Aucun taux de change XOF/USD au 2026-01-31 ou avant. Saisissez-en un à /api/v1/funding/exchange-rates.",
            Catalogue.Translate("No XOF/USD exchange rate on or before 2026-01-31. Enter one at /api/v1/funding/exchange-rates.", Languages.French));

    [Fact]
    public void A_text_without_a_French_entry_stays_English_and_is_reported_untranslated()
    {
        Assert.False(Catalogue.TryTranslate("A text no one wrote a translation for.", Languages.French, out var translated));
        Assert.Equal("A text no one wrote a translation for.", translated);
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("fr", "fr")]
    [InlineData("fr-ML", "fr")]
    [InlineData("FR-fr", "fr")]
    [InlineData("en-GB", "en")]
    [InlineData("de", "en")]
    [InlineData("bm, fr;q=0.8, en;q=0.5", "fr")]
    [InlineData("en;q=0.4, fr;q=0.9", "fr")]
    [InlineData("fr;q=0, en", "en")]
    [InlineData("*", "en")]
    [InlineData("not a language;;q=x", "en")]
    public void Accept_language_chooses_French_or_English_and_anything_else_falls_back_to_English(string? header, string expected) =>
        Assert.Equal(expected, Languages.Negotiate(header));

    [Fact]
    public void English_is_answered_as_written() =>
        Assert.Equal("The case is closed", Catalogue.Translate("The case is closed", Languages.English));

    [Fact]
    public void A_French_entry_naming_a_placeholder_its_English_text_lacks_is_refused_when_the_catalogue_loads() =>
        Assert.Throws<InvalidOperationException>(() => new TextCatalogue(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["fr"] = new Dictionary<string, string> { ["must be at most {max} characters."] = "doit contenir au plus {limit} caractères." },
        }));

    [Fact]
    public void Every_catalogue_entry_of_French_is_used_by_a_message_or_a_label()
    {
        var texts = MessageSources.All().Select(m => Sample(m.Text))
            .Concat(CodeLists().SelectMany(l => l.Codes).Select(c => c.Label))
            .Concat(JusticePlatform.Activities.Reports.ReportTexts.English.Values)
            .ToList();
        var unused = Catalogue.Keys(Languages.French)
            .Where(key => !FrameworkTexts.Contains(key) && !ResourceNames.Contains(key))
            .Where(key => !texts.Any(text => Matches(key, text)))
            .ToList();

        Assert.True(unused.Count == 0, "French entries no message uses (a message changed in English?):\n" + string.Join('\n', unused));
    }

    /// <summary>ASP.NET Core's own titles for bare status codes and its default details, which no source of the platform spells.</summary>
    private static readonly HashSet<string> FrameworkTexts =
    [
        "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Not Acceptable", "Conflict", "Gone",
        "Precondition Failed", "Unsupported Media Type", "Unprocessable Entity", "Precondition Required", "Too Many Requests",
        "Internal Server Error", "Service Unavailable", "Gateway Timeout", "Bad Gateway",
        "An error occurred while processing your request.", "One or more validation errors occurred.",
    ];

    /// <summary>The names of records filled into "The {resource} was changed by someone else".</summary>
    private static readonly HashSet<string> ResourceNames =
        ["beneficiary", "program", "organisation", "grant", "contribution", "case", "budget line", "appeal", "activity", "unbooked expenditure"];

    /// <summary>The text as it could reach an answer: each placeholder filled with a value.</summary>
    private static string Sample(string text)
    {
        var index = 0;
        return Placeholder().Replace(text, _ => $"v{index++}");
    }

    private static bool Matches(string key, string text)
    {
        var pattern = "^" + string.Join("(.+?)", Placeholder().Split(key).Select(Regex.Escape)) + "$";
        return Regex.IsMatch(text, pattern, RegexOptions.Singleline)
            || text.Split(". ").Any(sentence => Regex.IsMatch(sentence.EndsWith('.') ? sentence : sentence + ".", pattern, RegexOptions.Singleline)
                || Regex.IsMatch(sentence, pattern, RegexOptions.Singleline));
    }

    /// <summary>Every code list the services define: static fields and properties of type CodeList in their assemblies and BuildingBlocks.</summary>
    internal static IEnumerable<CodeList> CodeLists()
    {
        Assembly[] assemblies =
        [
            typeof(CodeList).Assembly, typeof(JusticePlatform.Beneficiaries.Disaggregation.Categories).Assembly,
            typeof(JusticePlatform.Activities.FieldActivities.ActivityTypes).Assembly, typeof(JusticePlatform.Grievances.Cases.CodeLists).Assembly,
            typeof(JusticePlatform.Funding.Rates.Converter).Assembly, typeof(JusticePlatform.Identity.Partners.ScopeCodes).Assembly,
        ];
        const BindingFlags statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        return assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(type => type.GetFields(statics).Where(f => f.FieldType == typeof(CodeList)).Select(f => (CodeList)f.GetValue(null)!)
                .Concat(type.GetProperties(statics).Where(p => p.PropertyType == typeof(CodeList)).Select(p => (CodeList)p.GetValue(null)!)));
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();
}
