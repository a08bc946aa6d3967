using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Identity.Partners;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class RequestLimitsTests
{
    [Fact]
    public void A_limit_inside_a_list_of_objects_or_a_nested_object_is_named_by_its_JSON_path()
    {
        var reach = new ValidationErrors().Limits(new ReachRequest([new ReachCellRequest("female", "18-59", false, "idp", 10), new ReachCellRequest("male", "18-59", false, "idp", -1)]));
        var survivor = new ValidationErrors().Limits(new CaseRequest(new SurvivorIdentity(new string('a', 201), null, null), null, "female", 30, "low", null, null));

        Assert.Equal(["cells[1].count"], reach.Fields.Keys);
        Assert.Equal(["must be between 0 and 10000000."], reach.Fields["cells[1].count"]);
        Assert.Equal(["survivor.name"], survivor.Fields.Keys);
    }

    [Fact]
    public void A_list_longer_than_its_limit_and_each_string_of_it_past_its_length_are_refused()
    {
        var request = new RegisterClientRequest("client", [.. Enumerable.Repeat("beneficiaries.read", 51)]);
        var longScope = new RegisterClientRequest("client", ["beneficiaries.read", new string('a', 101)]);

        Assert.Equal(["must hold at most 50 items."], new ValidationErrors().Limits(request).Fields["scopes"]);
        Assert.Equal(["scopes[1]"], new ValidationErrors().Limits(longScope).Fields.Keys);
        Assert.True(new ValidationErrors().Limits(new RegisterClientRequest(new string('a', 200), ["admin"])).IsValid);
    }
}
