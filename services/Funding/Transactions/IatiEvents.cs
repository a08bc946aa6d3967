using JusticePlatform.Contracts.Funding;
using JusticePlatform.Funding.Grants;

namespace JusticePlatform.Funding.Transactions;

/// <summary>
/// The events that let Activities report a program's budgets and transactions as IATI does,
/// without asking Funding: written through the outbox with the change they describe.
/// </summary>
public static class IatiEvents
{
    public static GrantBudgetPeriodRecorded BudgetPeriod(BudgetLine line, Grant grant, DateTimeOffset now) => new(
        line.Id, grant.Id, grant.ProgramId, grant.PartnerId,
        line.BudgetType == "revised" ? "2" : "1", line.BudgetStatus == "committed" ? "2" : "1",
        line.PeriodStart, line.PeriodEnd, line.Amount, line.Currency, line.Version, now);

    public static GrantTransactionRecorded Transaction(GrantTransaction transaction, Grant grant, DateTimeOffset now) => new(
        transaction.Id, grant.Id, grant.ProgramId, grant.PartnerId, transaction.IatiTypeCode, transaction.Amount, transaction.Currency,
        transaction.ValueDate, transaction.ProviderName, transaction.ProviderIatiIdentifier, transaction.ReceiverName,
        transaction.ReceiverIatiIdentifier, now);
}
