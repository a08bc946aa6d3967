namespace JusticePlatform.Activities.Iati;

/// <summary>
/// A program as one IATI 2.03 activity: what the export writes and the import reads, so that the
/// two cannot drift apart. Codes are IATI's (OrganisationRole, ActivityStatus, ResultType,
/// IndicatorMeasure, BudgetType, BudgetStatus, TransactionType).
/// </summary>
public sealed record IatiActivity(
    string Identifier,
    IatiOrganisation ReportingOrg,
    IatiText Title,
    IatiText? Description,
    IReadOnlyList<IatiParticipant> Participants,
    string StatusCode,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    DateOnly? ActualStart,
    DateOnly? ActualEnd,
    string RecipientCountry,
    IReadOnlyList<string> LocationPcodes,
    IReadOnlyList<string> DacSectors,
    string DefaultCurrency,
    IReadOnlyList<IatiBudget> Budgets,
    IReadOnlyList<IatiTransaction> Transactions,
    IReadOnlyList<IatiResult> Results);

/// <summary>A French and an English narrative of the same text.</summary>
public sealed record IatiText(string? Fr, string? En);

public sealed record IatiOrganisation(string Ref, string TypeCode, string? Name);

/// <summary>An organisation taking part, with its IATI OrganisationRole code (1 funding, 2 accountable, 3 extending, 4 implementing).</summary>
public sealed record IatiParticipant(string RoleCode, string? Ref, string? Name);

public sealed record IatiBudget(string TypeCode, string StatusCode, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Amount, string Currency, DateOnly ValueDate);

public sealed record IatiTransaction(
    string TypeCode, DateOnly Date, decimal Amount, string Currency, string? ProviderRef, string? ProviderName, string? ReceiverRef, string? ReceiverName);

/// <summary>A result (IATI ResultType code 1 output, 2 outcome, 3 impact) with the objective it serves.</summary>
public sealed record IatiResult(string Code, string TypeCode, string Title, string? ObjectiveCode, string? ObjectiveTitle, IReadOnlyList<IatiIndicator> Indicators);

/// <summary>An indicator (IATI IndicatorMeasure code 1 unit, 2 percentage, 5 qualitative).</summary>
public sealed record IatiIndicator(
    string Code, string Title, string MeasureCode, bool Ascending, int? BaselineYear, decimal? BaselineValue,
    IReadOnlyList<string> Dimensions, IReadOnlyList<IatiPeriod> Periods);

/// <summary>A period's targets and actuals: one without dimension is the total, the others one value of a dimension each.</summary>
public sealed record IatiPeriod(DateOnly Start, DateOnly End, IReadOnlyList<IatiValue> Targets, IReadOnlyList<IatiValue> Actuals);

public sealed record IatiValue(decimal? Value, string? Dimension, string? DimensionValue, string? Comment);
