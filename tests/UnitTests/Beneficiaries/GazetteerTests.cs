using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.Beneficiaries.Statistics;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.UnitTests.Beneficiaries;

public sealed class GazetteerTests
{
    private readonly MaliGazetteer _gazetteer = MaliGazetteer.LoadEmbedded();

    [Theory]
    [InlineData("ML060201", "Goundam", "ML0602")]
    [InlineData("ML060202", "Douékiré", "ML0602")]
    [InlineData("ML060203", "Doukouria", "ML0602")]
    [InlineData("ML060501", "Tombouctou", "ML0605")]
    [InlineData("ML060502", "Alafia", "ML0605")]
    [InlineData("ML060503", "Bourem Inaly", "ML0605")]
    public void The_six_communes_of_the_justice_project_are_known_with_their_cercle(string pcode, string name, string cercle)
    {
        Assert.True(_gazetteer.TryFindCommune(pcode, out var commune));
        Assert.Equal((name, cercle, "ML06"), (commune.Adm3Name, commune.Adm2Pcode, commune.Adm1Pcode));
    }

    [Theory]
    [InlineData("ML069999")]
    [InlineData("ML06")]
    [InlineData("Goundam")]
    [InlineData(null)]
    public void Anything_else_is_not_a_commune(string? pcode) => Assert.False(_gazetteer.TryFindCommune(pcode, out _));

    [Fact]
    public void Codes_that_could_not_be_confirmed_say_so_and_the_file_has_a_version()
    {
        Assert.All(_gazetteer.Communes, c => Assert.False(c.Verified));
        Assert.Equal("cod-ab-2019", _gazetteer.Version);
    }

    [Fact]
    public void Columns_are_found_by_their_HXL_tags_whatever_their_order()
    {
        var gazetteer = MaliGazetteer.Parse("""
            #adm3+code,#adm3+name,#adm2+code,#adm2+name,#adm1+code,#adm1+name,#meta+version
            ML070101,Gao,ML0701,Gao,ML07,Gao,v2
            """);

        Assert.True(gazetteer.TryFindCommune("ML070101", out var commune));
        Assert.Equal(("ML07", "v2"), (commune.Adm1Pcode, gazetteer.Version));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "<5")]
    [InlineData(4, "<5")]
    [InlineData(5, "5")]
    [InlineData(1234, "1234")]
    public void Counts_of_one_to_four_are_suppressed_and_a_zero_is_shown(long count, string shown) => Assert.Equal(shown, SmallCells.Show(count));
}
