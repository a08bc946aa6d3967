using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JusticePlatform.Beneficiaries.Places;

/// <summary>A place of the gazetteer as partners see it: its level, its parent and the version of the codes.</summary>
public sealed record PlaceResponse(string Pcode, string Name, string Level, string? ParentPcode, string? RegionPcode, string? CerclePcode, bool Verified, string GazetteerVersion)
{
    public static PlaceResponse From(Place place, MaliGazetteer gazetteer) => new(
        place.Pcode, place.Name, place.Level.ToString().ToLowerInvariant(), place.ParentPcode,
        gazetteer.Ancestor(place.Pcode, PlaceLevel.Region), gazetteer.Ancestor(place.Pcode, PlaceLevel.Cercle), place.Verified, gazetteer.Version);
}

/// <summary>
/// GET /api/v1/places?name=…, /api/v1/places/{pcode}, /api/v1/places/{pcode}/children: the
/// shared gazetteer (regions, cercles, communes with their COD-AB P-codes), for any partner
/// that may read something, so forms and imports can turn a name into the code to record.
/// </summary>
public static class PlacesApi
{
    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/places").WithTags("Places");
        api.MapGet("/", FindByName).RequireAnyScope([.. ScopePolicies.ReadScopes])
            .WithName("FindPlaces").WithSummary("Find places of Mali by name, ignoring case and accents, or every region")
            .WithDescription("Known variants (Timbuktu, Segou, Menaka …) find the French name. Without a name, answers the regions.");
        api.MapGet("/{pcode}", GetByPcode).RequireAnyScope([.. ScopePolicies.ReadScopes])
            .WithName("GetPlace").WithSummary("Read a place by its P-code (ML06, ML0602, ML060201)");
        api.MapGet("/{pcode}/children", GetChildren).RequireAnyScope([.. ScopePolicies.ReadScopes])
            .WithName("GetPlaceChildren").WithSummary("List the places directly below a P-code (ML for the regions)");
        return app;
    }

    public static Results<Ok<IReadOnlyList<PlaceResponse>>, ValidationProblem> FindByName(string? name, MaliGazetteer gazetteer)
    {
        if (name is { Length: > 100 })
        {
            return new ValidationErrors().Add("name", "at most 100 characters.").ToProblem();
        }

        var places = string.IsNullOrWhiteSpace(name) ? [.. gazetteer.Regions] : gazetteer.FindByName(name);
        return TypedResults.Ok<IReadOnlyList<PlaceResponse>>([.. places.Select(p => PlaceResponse.From(p, gazetteer))]);
    }

    public static Results<Ok<PlaceResponse>, NotFound> GetByPcode(string pcode, MaliGazetteer gazetteer) =>
        gazetteer.TryFind(pcode, out var place) ? TypedResults.Ok(PlaceResponse.From(place, gazetteer)) : Unknown();

    public static Results<Ok<IReadOnlyList<PlaceResponse>>, NotFound> GetChildren(string pcode, MaliGazetteer gazetteer) =>
        pcode == MaliGazetteer.CountryPcode || gazetteer.TryFind(pcode, out _)
            ? TypedResults.Ok<IReadOnlyList<PlaceResponse>>([.. gazetteer.Children(pcode).Select(p => PlaceResponse.From(p, gazetteer))])
            : Unknown();

    // The status code pages of the service defaults give the 404 its problem body.
    private static NotFound Unknown() => TypedResults.NotFound();
}
