using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

/// <summary>Partner NGOs as they reach the platform: through the gateway, with a token from the token endpoint.</summary>
internal static class Partners
{
    public const string Amss = "amss";
    public const string StopSahel = "stop-sahel";

    public static object Registration(string commune = "ML060201") =>
        Samples.Person("Fatoumata", "Touré", birthDate: "1988-07-02", commune: commune, displacement: "returnee");

    public static Task<HttpClient> ThroughGatewayAsync(this TestPlatform platform, string partner, params string[] scopes) =>
        platform.ClientAsync(platform.Gateway!, partner, scopes);

    public static Task<HttpClient> FieldOfficeAsync(this TestPlatform platform, string partner) =>
        platform.ThroughGatewayAsync(partner, Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite, Scopes.ActivitiesRead);

    public static Task<Guid> RegisterAsync(this HttpClient client) => client.CreateBeneficiaryAsync(Registration());
}
