using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class ComputedMembersTests
{
    [Fact]
    public void An_example_of_a_request_loses_its_computed_members_at_every_depth_and_keeps_the_rest()
    {
        var options = JsonSerializerOptions.Web;
        var example = JsonSerializer.SerializeToNode(new OuterRequest("a", new CellRequest(1), [new CellRequest(2)], new InnerAnswer(3)), options)!;

        ComputedMembers.RemoveFrom(example, typeof(OuterRequest), options);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name":"a","cell":{"count":1},"cells":[{"count":2}],"answer":{"count":3,"twice":6}}"""), example), example.ToJsonString());
    }

    public sealed record OuterRequest(string Name, CellRequest Cell, IReadOnlyList<CellRequest> Cells, InnerAnswer Answer)
    {
        public string Shout => Name.ToUpperInvariant();
    }

    public sealed record CellRequest(int Count)
    {
        public int Twice => Count * 2;
    }

    /// <summary>Not a request: what the service answers keeps its computed members, as its schema does.</summary>
    public sealed record InnerAnswer(int Count)
    {
        public int Twice => Count * 2;
    }
}
