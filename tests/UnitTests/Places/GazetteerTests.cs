using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.UnitTests.Places;

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

    [Fact]
    public void The_ten_regions_of_the_2019_edition_are_known_with_Menaka_and_Bamako()
    {
        var regions = _gazetteer.Regions.Select(r => (r.Pcode, r.Name)).ToList();

        Assert.Equal(10, regions.Count);
        Assert.Contains(("ML09", "Bamako"), regions);
        Assert.Contains(("ML10", "Ménaka"), regions);
        Assert.All(_gazetteer.Regions, r => Assert.True(r.Verified));
    }

    [Fact]
    public void Every_region_has_its_cercles_and_Tombouctou_has_the_five_of_the_platform_rules()
    {
        Assert.All(_gazetteer.Regions, r => Assert.NotEmpty(_gazetteer.Children(r.Pcode)));
        Assert.Equal(
            ["ML0601 Diré", "ML0602 Goundam", "ML0603 Gourma-Rharous", "ML0604 Niafunké", "ML0605 Tombouctou"],
            _gazetteer.Children("ML06").Select(c => $"{c.Pcode} {c.Name}"));
        Assert.Equal(49, _gazetteer.Places.Count(p => p.Level == PlaceLevel.Cercle));
    }

    [Fact]
    public void The_children_of_a_cercle_are_its_communes_and_a_commune_has_none()
    {
        Assert.Equal(["ML060201", "ML060202", "ML060203"], _gazetteer.Children("ML0602").Select(c => c.Pcode));
        Assert.Empty(_gazetteer.Children("ML060201"));
        Assert.Empty(_gazetteer.Children("ML99"));
    }

    [Theory]
    [InlineData("Ségou", "ML04")]
    [InlineData("segou", "ML04")]
    [InlineData("SEGOU", "ML04")]
    [InlineData("Menaka", "ML10")]
    [InlineData("ménaka", "ML10")]
    [InlineData("Mopti", "ML05")]
    [InlineData("Timbuktu", "ML06")]
    [InlineData("Tombouctou", "ML06")]
    [InlineData("Koulikouro", "ML02")]
    [InlineData("Gourma Rharous", "ML0603")]
    [InlineData("Rharous", "ML0603")]
    [InlineData("Tin Essako", "ML0804")]
    [InlineData("kenieba", "ML0104")]
    [InlineData("  Douékiré ", "ML060202")]
    public void A_name_finds_its_place_ignoring_case_accents_hyphens_and_known_variants(string name, string pcode) =>
        Assert.Contains(pcode, _gazetteer.FindByName(name).Select(p => p.Pcode));

    [Fact]
    public void A_name_shared_by_a_region_its_cercle_and_commune_finds_all_three_region_first()
    {
        Assert.Equal(["ML06", "ML0605", "ML060501"], _gazetteer.FindByName("Timbuktu").Select(p => p.Pcode));
    }

    [Fact]
    public void A_name_without_an_exact_match_finds_the_places_it_starts()
    {
        Assert.Equal(["ML0503"], _gazetteer.FindByName("Djen").Select(p => p.Pcode));
        Assert.Empty(_gazetteer.FindByName("Ouagadougou"));
        Assert.Empty(_gazetteer.FindByName(" - "));
    }

    [Theory]
    [InlineData("ML060201", PlaceLevel.Commune, "ML060201")]
    [InlineData("ML060201", PlaceLevel.Cercle, "ML0602")]
    [InlineData("ML060201", PlaceLevel.Region, "ML06")]
    [InlineData("ML060201", PlaceLevel.Country, "ML")]
    [InlineData("ML0602", PlaceLevel.Region, "ML06")]
    [InlineData("ML0602", PlaceLevel.Commune, "ML0602")]
    [InlineData("ML06", PlaceLevel.Cercle, "ML06")]
    [InlineData("ML069999", PlaceLevel.Region, "ML069999")]
    public void A_place_rolls_up_to_its_ancestor_and_one_recorded_higher_stays_at_its_own_level(string pcode, PlaceLevel level, string rolledUp) =>
        Assert.Equal(rolledUp, _gazetteer.RollUp(pcode, level));

    [Fact]
    public void A_region_has_no_cercle_ancestor()
    {
        Assert.Null(_gazetteer.Ancestor("ML06", PlaceLevel.Cercle));
        Assert.Null(_gazetteer.Ancestor("ML069999", PlaceLevel.Region));
    }

    [Fact]
    public void Rolling_up_by_the_code_prefix_gives_the_gazetteer_answer_for_every_place_and_level()
    {
        foreach (var place in _gazetteer.Places)
        {
            foreach (var level in Enum.GetValues<PlaceLevel>())
            {
                var length = MaliGazetteer.CodeLength(level);
                Assert.Equal(_gazetteer.RollUp(place.Pcode, level), place.Pcode.Length > length ? place.Pcode[..length] : place.Pcode);
            }
        }
    }

    [Fact]
    public void A_file_whose_codes_do_not_nest_in_their_parents_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MaliGazetteer.Parse("""
            #adm1+code,#adm1+name,#adm2+code,#adm2+name,#adm3+code,#adm3+name
            ML07,Gao,ML0601,Diré,,
            """));
        Assert.Contains("ML0601", error.Message);
    }

    [Fact]
    public void A_cercle_row_without_its_own_region_row_adds_the_region_unverified()
    {
        var gazetteer = MaliGazetteer.Parse("""
            #adm1+code,#adm1+name,#adm2+code,#adm2+name,#status+verified
            ML07,Gao,ML0703,Gao,verified
            """);

        Assert.True(gazetteer.TryFind("ML07", out var region));
        Assert.True(gazetteer.TryFind("ML0703", out var cercle));
        Assert.Equal((PlaceLevel.Region, false, PlaceLevel.Cercle, true), (region.Level, region.Verified, cercle.Level, cercle.Verified));
    }

    [Theory]
    [InlineData("region", true)]
    [InlineData("Cercle", true)]
    [InlineData("commune", true)]
    [InlineData("country", true)]
    [InlineData("3", false)]
    [InlineData("province", false)]
    [InlineData("", false)]
    public void A_level_is_one_of_the_four_names(string text, bool known) => Assert.Equal(known, MaliGazetteer.TryParseLevel(text, out _));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "<5")]
    [InlineData(4, "<5")]
    [InlineData(5, "5")]
    [InlineData(1234, "1234")]
    public void Counts_of_one_to_four_are_suppressed_and_a_zero_is_shown(long count, string shown) => Assert.Equal(shown, SmallCells.Show(count));
}
