using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.Beneficiaries.Registration;

namespace JusticePlatform.UnitTests.Beneficiaries;

public sealed class BeneficiaryRequestTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly MaliGazetteer Gazetteer = MaliGazetteer.LoadEmbedded();

    private static readonly BeneficiaryRequest Valid = new(
        null, "Aminata", "Maïga", null, "female", new DateOnly(1994, 3, 12), null, null, null, "idp", "ML060201",
        ["woman"], null, "76123456", new ConsentRequest(true, Today, ["registration"]), null);

    private static IEnumerable<string> Fields(BeneficiaryRequest request) => request.Validate(Today, Gazetteer).Fields.Keys;

    [Fact]
    public void A_complete_registration_is_valid() => Assert.Empty(Fields(Valid));

    [Theory]
    [InlineData("ML0602", "cercle Goundam")]
    [InlineData("ML06", "region Tombouctou")]
    public void A_registration_at_a_cercle_or_region_is_refused_naming_the_place_and_its_level(string pcode, string named)
    {
        var errors = (Valid with { CommunePcode = pcode }).Validate(Today, Gazetteer).Fields;

        Assert.Equal(["communePcode"], errors.Keys);
        Assert.Contains(named, Assert.Single(errors["communePcode"]));
    }

    [Fact]
    public void Birth_date_and_estimated_age_are_exclusive() =>
        Assert.Equal(["estimatedAge"], Fields(Valid with { EstimatedAge = 30 }));

    [Fact]
    public void A_consent_dated_in_the_future_is_refused() =>
        Assert.Equal(["consent.date"], Fields(Valid with { Consent = new ConsentRequest(true, Today.AddDays(1), null) }));

    [Fact]
    public void A_group_needs_a_name_and_members_and_has_no_personal_names()
    {
        var group = Valid with { Kind = "cooperative", GivenName = null, FamilyName = null, BirthDate = null, Sex = null };

        Assert.Equal(["groupName", "members"], Fields(group).Order());
        Assert.Empty(Fields(group with { GroupName = "Coop", Members = new GroupMembersRequest(0, 0, 12, 3) }));
        Assert.Equal(["members"], Fields(group with { GroupName = "Coop", Members = new GroupMembersRequest(0, 0, 0, 0) }));
    }

    [Fact]
    public void Each_unknown_category_is_named_by_its_position() =>
        Assert.Equal(["roles[1]", "vulnerabilities[0]"], Fields(Valid with { Vulnerabilities = ["rich"], Roles = ["notable", "king"] }).Order());
}
