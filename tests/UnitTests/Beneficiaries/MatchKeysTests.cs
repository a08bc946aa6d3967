using Microsoft.Extensions.Configuration;
using JusticePlatform.Beneficiaries.Duplicates;

namespace JusticePlatform.UnitTests.Beneficiaries;

public sealed class MatchKeysTests
{
    private static readonly MatchKeys Keys = new(System.Text.Encoding.UTF8.GetBytes("unit-test-secret-0123456789abcdefgh"));

    [Theory]
    [InlineData("Aminata", "Maïga", "aminata maiga")]
    [InlineData("  AMINATA ", "MAIGA", "aminata maiga")]
    [InlineData("Maïga", "Aminata", "aminata maiga")]
    [InlineData("Ag-Attaher", "Zeinabou", "ag attaher zeinabou")]
    public void Names_are_normalised_without_case_accents_punctuation_or_order(string given, string family, string normalised) =>
        Assert.Equal(normalised, MatchKeys.NormaliseName(given, family));

    [Theory]
    [InlineData("76123456", "+22376123456")]
    [InlineData("+223 76 12 34 56", "+22376123456")]
    [InlineData("00223-76-12-34-56", "+22376123456")]
    [InlineData("7612345", null)]
    [InlineData("76 12 34 56 ext", null)]
    [InlineData("", null)]
    public void Phones_are_normalised_to_Mali_numbers(string phone, string? normalised) =>
        Assert.Equal(normalised, MatchKeys.NormalisePhone(phone));

    [Fact]
    public void The_person_key_matches_spelling_variants_and_differs_by_birth_year_sex_or_commune()
    {
        var key = Keys.PersonKey("Aminata", "Maïga", "female", 1994, "ML060201");

        Assert.Equal(key, Keys.PersonKey("AMINATA", "Maiga", "female", 1994, "ML060201"));
        Assert.NotEqual(key, Keys.PersonKey("Aminata", "Maïga", "female", 1995, "ML060201"));
        Assert.NotEqual(key, Keys.PersonKey("Aminata", "Maïga", "male", 1994, "ML060201"));
        Assert.NotEqual(key, Keys.PersonKey("Aminata", "Maïga", "female", 1994, "ML060202"));
        Assert.DoesNotContain("aminata", key, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Without_a_birth_year_there_is_no_person_key() =>
        Assert.Null(Keys.PersonKey("Aminata", "Maïga", "female", null, "ML060201"));

    [Fact]
    public void The_same_person_under_another_secret_has_another_key()
    {
        var other = new MatchKeys(System.Text.Encoding.UTF8.GetBytes("another-secret-0123456789abcdefghij"));

        Assert.NotEqual(Keys.PersonKey("Aminata", "Maïga", "female", 1994, "ML060201"), other.PersonKey("Aminata", "Maïga", "female", 1994, "ML060201"));
    }

    [Fact]
    public void A_missing_or_short_secret_refuses_to_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [MatchKeys.SecretSetting] = "short" }).Build();

        Assert.Throws<InvalidOperationException>(() => MatchKeys.FromConfiguration(configuration));
    }
}
