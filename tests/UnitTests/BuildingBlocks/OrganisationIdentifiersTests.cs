using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Iati;
using JusticePlatform.Funding.Organisations;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class OrganisationIdentifiersTests
{
    [Theory]
    [InlineData("XM-DAC-41146")]
    [InlineData("US-GOV-1")]
    [InlineData("XI-IATI-EC_INTPA")]
    [InlineData("GB-CHC-202918")]
    [InlineData("NL-KVK-41197982")]
    public void An_iati_organisation_identifier_is_accepted_by_funding_and_activities_alike(string identifier)
    {
        Assert.True(OrganisationIdentifiers.IsWellFormed(identifier));
        Assert.Matches(Codes.IatiOrganisation(), identifier);
        Assert.False(new OrganisationRequest("Donor", identifier, "government", "donor").Validate().Fields.ContainsKey("iatiIdentifier"));
    }

    [Theory]
    [InlineData("us-gov-1")]
    [InlineData("XM DAC 41146")]
    [InlineData("XM-DAC/41146")]
    [InlineData("XM-DAC|41146")]
    [InlineData("XM")]
    [InlineData("XM-")]
    [InlineData("-XM-1")]
    public void A_malformed_identifier_is_refused_by_funding_and_activities_alike(string identifier)
    {
        Assert.False(OrganisationIdentifiers.IsWellFormed(identifier));
        Assert.DoesNotMatch(Codes.IatiOrganisation(), identifier);
        Assert.True(new OrganisationRequest("Donor", identifier, "government", "donor").Validate().Fields.ContainsKey("iatiIdentifier"));
    }

    [Fact]
    public void An_identifier_longer_than_100_characters_is_refused()
    {
        Assert.False(OrganisationIdentifiers.IsWellFormed("XM-" + new string('1', 98)));
    }
}
