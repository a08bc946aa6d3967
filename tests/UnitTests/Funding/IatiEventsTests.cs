using JusticePlatform.Funding.Grants;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Transactions;

namespace JusticePlatform.UnitTests.Funding;

public sealed class IatiEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Program = Guid.NewGuid();

    private static readonly Grant Justice = Grant.Create("amss",
        new GrantRequest("Access to justice, Goundam and Timbuktu", null, Guid.NewGuid(), null, "amss", Program, "amss",
            89_000_000m, "XOF", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "active"),
        Organisation.Create(new OrganisationRequest("Union européenne", "XI-IATI-EC_INTPA", "government", "donor"), Now), Now);

    [Fact]
    public void A_revised_committed_budget_line_is_published_with_iati_budget_type_2_and_status_2()
    {
        var line = BudgetLine.Create(Justice, new BudgetLineRequest("1.1", "Trainings", "cost-category", null, "trainings", 10_000_000m, "revised", "committed",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)), Now);

        var published = IatiEvents.BudgetPeriod(line, Justice, Now);

        Assert.Equal((Program, "2", "2", new DateOnly(2026, 6, 30), 10_000_000m, "XOF"),
            (published.ProgramId, published.BudgetType, published.BudgetStatus, published.PeriodEnd, published.Amount, published.Currency));
    }

    [Fact]
    public void A_new_budget_line_is_published_as_original_and_indicative()
    {
        var line = BudgetLine.Create(Justice, new BudgetLineRequest("1.2", "Radio", "cost-category", null, "radio", 5_000_000m, null, null,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), Now);

        var published = IatiEvents.BudgetPeriod(line, Justice, Now);

        Assert.Equal(("1", "1"), (published.BudgetType, published.BudgetStatus));
    }

    [Fact]
    public void A_transaction_is_published_for_the_grants_program_with_its_iati_transaction_type()
    {
        var disbursement = GrantTransaction.Record(Justice.Id,
            new TransactionRequest("disbursement", 2_000_000m, "XOF", new DateOnly(2026, 3, 1), null, null, null, "WILDAF", null), Now);

        var published = IatiEvents.Transaction(disbursement, Justice, Now);

        Assert.Equal((disbursement.Id, Program, "3", "WILDAF"), (published.TransactionId, published.ProgramId, published.TransactionTypeCode, published.ReceiverName));
    }
}
