using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Transactions;

/// <summary>
/// A money movement on a grant, typed as IATI transactions are, with its value date, provider and
/// receiver, and the budget line it counts against. Never changed: a mistake is corrected by a
/// reversal (the same amount, negative, pointing at the original).
/// </summary>
public sealed class GrantTransaction
{
    /// <summary>Our codes and the IATI TransactionType codes they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>
    {
        ["incoming-funds"] = "1",
        ["outgoing-commitment"] = "2",
        ["disbursement"] = "3",
        ["expenditure"] = "4",
        ["incoming-commitment"] = "11",
        ["pledge"] = "13",
    };

    /// <summary>The transaction types a partner records (IATI's codes are <see cref="Types"/>).</summary>
    public static readonly CodeList TypeCodes = new("transactionType", ["TransactionRequest.type", "TransactionResponse.type", "TransactionListQuery.type"],
        ("incoming-funds", "Incoming funds"), ("outgoing-commitment", "Outgoing commitment"), ("disbursement", "Disbursement"),
        ("expenditure", "Expenditure"), ("incoming-commitment", "Incoming commitment"), ("pledge", "Pledge"));

    private GrantTransaction()
    {
    }

    public Guid Id { get; private set; }
    public Guid GrantId { get; private set; }
    public Guid? BudgetLineId { get; private set; }
    public string Type { get; private set; } = "";
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
    public DateOnly ValueDate { get; private set; }
    public string? ProviderName { get; private set; }
    public string? ProviderIatiIdentifier { get; private set; }
    public string? ReceiverName { get; private set; }
    public string? ReceiverIatiIdentifier { get; private set; }

    /// <summary>The completed activity whose cost this expenditure books, when it came from Activities.</summary>
    public Guid? ActivityId { get; private set; }

    /// <summary>For a reversal: the transaction it cancels.</summary>
    public Guid? ReversalOf { get; private set; }

    public bool Reversed { get; private set; }

    /// <summary>
    /// Unique where set: what the transaction books ("activity-completed:{id}", "activity-cancelled:{id}"),
    /// so that two messages about one activity handled at once cannot both book it.
    /// </summary>
    public string? BookingKey { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public string IatiTypeCode => Types.GetValueOrDefault(Type, "");

    public static GrantTransaction Record(Guid grantId, TransactionRequest request, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        GrantId = grantId,
        BudgetLineId = request.BudgetLineId,
        Type = request.Type!,
        Amount = request.Amount!.Value,
        Currency = request.Currency!,
        ValueDate = request.ValueDate!.Value,
        ProviderName = Trim(request.ProviderName),
        ProviderIatiIdentifier = Trim(request.ProviderIatiIdentifier),
        ReceiverName = Trim(request.ReceiverName),
        ReceiverIatiIdentifier = Trim(request.ReceiverIatiIdentifier),
        RecordedAt = now,
    };

    /// <summary>The actual cost of a completed activity, booked as an expenditure on its budget line.</summary>
    public static GrantTransaction ActivityExpenditure(Guid grantId, Guid budgetLineId, Guid activityId, Money cost, string? receiver, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        GrantId = grantId,
        BudgetLineId = budgetLineId,
        Type = "expenditure",
        Amount = cost.Amount,
        Currency = cost.Currency,
        ValueDate = cost.ValueDate,
        ReceiverName = receiver,
        ActivityId = activityId,
        BookingKey = $"activity-completed:{activityId}",
        RecordedAt = now,
    };

    /// <summary>Cancels this transaction: a new one of the opposite amount; this one is marked reversed.</summary>
    public GrantTransaction Reverse(DateTimeOffset now)
    {
        Reversed = true;
        return new GrantTransaction
        {
            Id = Guid.CreateVersion7(now),
            GrantId = GrantId,
            BudgetLineId = BudgetLineId,
            Type = Type,
            Amount = -Amount,
            Currency = Currency,
            ValueDate = ValueDate,
            ProviderName = ProviderName,
            ProviderIatiIdentifier = ProviderIatiIdentifier,
            ReceiverName = ReceiverName,
            ReceiverIatiIdentifier = ReceiverIatiIdentifier,
            ActivityId = ActivityId,
            BookingKey = ActivityId is { } activity ? $"activity-cancelled:{activity}" : null,
            ReversalOf = Id,
            RecordedAt = now,
        };
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
