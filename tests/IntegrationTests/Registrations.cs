using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests;

/// <summary>Beneficiary registrations as a partner's field office sends them.</summary>
internal static class Registrations
{
    public static object Valid(string commune = "ML060201") => Samples.Person(commune: commune);

    public static Task<Guid> RegisterAsync(this HttpClient beneficiaries, string commune = "ML060201") =>
        beneficiaries.CreateBeneficiaryAsync(Valid(commune));

    public static Task<HttpClient> BeneficiariesClientAsync(this TestPlatform platform, string partner = "amss") =>
        platform.ClientAsync(platform.Beneficiaries, partner, Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);

    public static Task<int> ProjectedCountAsync(this TestPlatform platform) =>
        platform.ActivitiesDb(db => db.KnownBeneficiaries.CountAsync());
}
