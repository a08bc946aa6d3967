using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.Funding.Rates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JusticePlatform.Funding;

/// <summary>The Funding service's own refusals, beside the shared ones (validation, ETags).</summary>
internal static class Problems
{
    public static ProblemHttpResult ReadOnly(string resource) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"The {resource} is shared with you read-only",
            detail: "Only the partner that recorded it changes it.");

    public static ProblemHttpResult NoRate(MissingRateException missing) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "No exchange rate for this conversion",
            detail: missing.Message + " Enter one at /api/v1/funding/exchange-rates.");

    /// <summary>Validates an optional report currency (the field "currency"); null keeps the record's own.</summary>
    public static ValidationErrors ReportCurrency(string? currency) =>
        new ValidationErrors().Currency("currency", currency, required: false);

    public static ValidationErrors Paging(int? page, int? pageSize, out PageRequest paging)
    {
        paging = new PageRequest(page, pageSize);
        var errors = new ValidationErrors();
        paging.Validate(errors);
        return errors;
    }
}
