using JusticePlatform.Funding.Appeals;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.Funding.Grants;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Transactions;

namespace JusticePlatform.Funding;

/// <summary>
/// The request examples of this service's document: UN Women's grant to AMSS for its Timbuktu
/// program, a budget line and a disbursement, the 2026 appeal, and a rate, each as the service
/// accepts it. The ids are placeholders of the records an earlier example creates.
/// </summary>
internal static class ApiExamples
{
    private static readonly Guid Organisation = Guid.Parse("0193a5d1-7a1b-7c20-8d3e-4f5061728394");
    private static readonly Guid Program = Guid.Parse("0193a5c7-2b1c-7d40-8e5f-6a7b8c9d0e1f");
    private static readonly Guid BudgetLine = Guid.Parse("0193a5d1-8b2c-7d31-9e4f-5061728394a5");

    public static OpenApiExamples AddFundingExamples(this OpenApiExamples examples) => examples
        .Add(new OrganisationRequest("ONU Femmes", "XM-DAC-41146", "multilateral", "donor"))
        .Add(new GrantRequest(
            Title: "Accès à la justice pour les femmes de Tombouctou", IatiIdentifier: "XM-DAC-41146-ML-2026-JUS-01", FunderOrganisationId: Organisation,
            FunderPartnerId: null, RecipientPartnerId: "amss", ProgramId: Program, ProgramLeadPartnerId: "amss", Amount: 250000.00m, Currency: "EUR",
            StartDate: new DateOnly(2026, 1, 1), EndDate: new DateOnly(2027, 12, 31), Status: "active", SubRecipientPartnerIds: []))
        .Add(new BudgetLineRequest(
            "BL-01", "Aide juridique et frais de justice", "cost-category", ResultId: null, "Personnel", 85000.00m, "original", "committed",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Closed: false))
        .Add(new TransactionRequest(
            "disbursement", 42500.75m, "EUR", new DateOnly(2026, 10, 1), BudgetLine, "ONU Femmes", "XM-DAC-41146", "AMSS", null))
        .Add(new AssignLineRequest(BudgetLine))
        .Add(new DismissRequest("Dépense d'un autre bailleur, saisie par erreur"))
        .Add(new AppealRequest("Plan de réponse humanitaire Mali 2026", 2026, 751200000.00m, "USD"))
        .Add(new ContributionRequest("ONU Femmes", "XM-DAC-41146", 2500000.00m, "USD", new DateOnly(2026, 3, 15), "commitment"))
        .Add(new ExchangeRateRequest("USD", "EUR", 0.9215m, new DateOnly(2026, 11, 1), "BCE, cours de référence du 2026-11-01"))
        .AddValue("rounding", ConvertedFigure.RoundingRule)
        .AddValue("name", "ONU Femmes")
        .AddValue("code", "BL-01")
        .AddValue("title", "Accès à la justice pour les femmes de Tombouctou")
        .AddValue("iatiIdentifier", "XM-DAC-41146");
}
