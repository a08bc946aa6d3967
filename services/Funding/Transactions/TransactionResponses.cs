using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Funding.Transactions;

public sealed record TransactionResponse(
    Guid Id, Guid GrantId, Guid? BudgetLineId, string Type, string IatiTypeCode, decimal Amount, string Currency, DateOnly ValueDate,
    string? ProviderName, string? ProviderIatiIdentifier, string? ReceiverName, string? ReceiverIatiIdentifier,
    Guid? ActivityId, Guid? ReversalOf, bool Reversed, DateTimeOffset RecordedAt)
{
    public static TransactionResponse From(GrantTransaction t) => new(
        t.Id, t.GrantId, t.BudgetLineId, t.Type, t.IatiTypeCode, t.Amount, t.Currency, t.ValueDate, t.ProviderName, t.ProviderIatiIdentifier,
        t.ReceiverName, t.ReceiverIatiIdentifier, t.ActivityId, t.ReversalOf, t.Reversed, t.RecordedAt);
}
