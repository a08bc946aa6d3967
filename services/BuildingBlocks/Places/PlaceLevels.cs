using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.BuildingBlocks.Places;

/// <summary>The gazetteer's levels as the APIs take and answer them ("level=cercle"): <see cref="PlaceLevel"/> in lower case.</summary>
public static class PlaceLevels
{
    public static readonly CodeList Codes = new("placeLevel", ["level"],
        ("country", "Country"), ("region", "Region"), ("cercle", "Cercle"), ("commune", "Commune"));
}
