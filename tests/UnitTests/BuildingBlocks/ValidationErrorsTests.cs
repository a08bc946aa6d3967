using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class ValidationErrorsTests
{
    [Fact]
    public void A_value_outside_the_allowed_codes_is_reported_with_the_codes_it_may_take_and_not_repeated()
    {
        var errors = new ValidationErrors().OneOf("sex", "Aminata Maïga", ["female", "male"]);

        Assert.Equal(["is not one of: female, male."], errors.ToDictionary()["sex"]);
    }

    [Fact]
    public void A_bad_code_in_a_list_is_named_by_its_position()
    {
        var errors = new ValidationErrors().EachOneOf("roles", ["paralegal", "chief"], ["paralegal"]);

        Assert.Equal(["roles[1]"], errors.Fields.Keys);
    }

    [Fact]
    public void A_missing_optional_code_is_not_an_error() =>
        Assert.True(new ValidationErrors().OneOf("kind", null, ["individual"], required: false).IsValid);

    [Fact]
    public void Every_error_of_a_field_is_kept() =>
        Assert.Equal(2, new ValidationErrors().Add("givenName", "a").Add("givenName", "b").ToDictionary()["givenName"].Length);

    [Theory]
    [InlineData(0, 50, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 501, "pageSize")]
    public void A_page_out_of_range_names_its_field(int page, int pageSize, string field)
    {
        var errors = new ValidationErrors();
        new PageRequest(page, pageSize).Validate(errors);

        Assert.Equal([field], errors.Fields.Keys);
    }
}
