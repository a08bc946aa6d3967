using Microsoft.Extensions.Hosting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class CorrelationIdTests
{
    [Theory]
    [InlineData("field-upload-42")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    public void A_callers_id_of_safe_characters_is_kept(string id) => Assert.True(CorrelationId.IsWellFormed(id));

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("<script>")]
    public void A_callers_id_that_could_forge_log_lines_is_replaced(string id) => Assert.False(CorrelationId.IsWellFormed(id));

    [Fact]
    public void A_callers_id_longer_than_128_characters_is_replaced() => Assert.False(CorrelationId.IsWellFormed(new string('a', 129)));
}
