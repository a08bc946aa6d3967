using JusticePlatform.Beneficiaries.Duplicates;

namespace JusticePlatform.UnitTests.Beneficiaries;

public sealed class MatchKeysTests
{
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
        var key = MatchKeys.PersonKey("Aminata", "Maïga", "female", 1994, "ML060201");

        Assert.Equal(key, MatchKeys.PersonKey("AMINATA", "Maiga", "female", 1994, "ML060201"));
        Assert.NotEqual(key, MatchKeys.PersonKey("Aminata", "Maïga", "female", 1995, "ML060201"));
        Assert.NotEqual(key, MatchKeys.PersonKey("Aminata", "Maïga", "male", 1994, "ML060201"));
        Assert.NotEqual(key, MatchKeys.PersonKey("Aminata", "Maïga", "female", 1994, "ML060202"));
        Assert.DoesNotContain("aminata", key, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Without_a_birth_year_there_is_no_person_key() =>
        Assert.Null(MatchKeys.PersonKey("Aminata", "Maïga", "female", null, "ML060201"));
}
