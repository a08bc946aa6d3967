using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Rates;

public sealed record ExchangeRateRequest(string? Base, string? Quote, decimal? Rate, DateOnly? EffectiveDate, [property: MaxLength(200)] string? Source);

public sealed record ExchangeRateResponse(Guid Id, string Base, string Quote, decimal Rate, DateOnly EffectiveDate, string Source, DateTimeOffset EnteredAt)
{
    public static ExchangeRateResponse From(ExchangeRate r) => new(r.Id, r.Base, r.Quote, r.Rate, r.EffectiveDate, r.Source, r.EnteredAt);
}

public sealed record ConversionResponse(decimal Amount, string Currency, DateOnly ValueDate, ConvertedFigure Converted);

/// <summary>
/// /api/v1/funding/exchange-rates and /conversions. Rates are reference data shared by every
/// partner (every converted figure depends on them), so only an administrator enters them;
/// anyone with funding.read reads them and converts with them.
/// </summary>
public static class RatesApi
{
    /// <summary>Every ISO 4217 currency: any of them may be used, and converted where a rate is entered.</summary>
    public static readonly CodeList Currencies = Iso4217.CodeList("currency",
        ["currency", "ExchangeRateRequest.base", "ExchangeRateRequest.quote", "ExchangeRateResponse.base", "ExchangeRateResponse.quote", "RateUsed.base", "RateUsed.quote"]);

    public static IEndpointRouteBuilder MapRatesApi(this IEndpointRouteBuilder app)
    {
        var rates = app.MapGroup("/api/v1/funding/exchange-rates").WithTags("Exchange rates").Audited("exchange-rate");
        rates.MapPost("/", EnterAsync).RequireScope(Scopes.Admin).Idempotent()
            .WithName("EnterExchangeRate").WithSummary("Enters a rate with its effective date and source (administrators)");
        rates.MapGet("/", ListAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListExchangeRates").WithSummary("Entered rates, newest first, paged; XOF/EUR is the fixed parity and is not listed");

        app.MapGet("/api/v1/funding/conversions", ConvertAsync).WithTags("Exchange rates").RequireScope(Scopes.FundingRead)
            .WithName("ConvertMoney").WithSummary("Converts an amount on a value date, showing the rates and dates used");
        return app;
    }

    public static async Task<Results<Created<ExchangeRateResponse>, ValidationProblem, Conflict>> EnterAsync(
        ExchangeRateRequest request, FundingDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Limits(request)
            .Currency("base", request.Base)
            .Currency("quote", request.Quote)
            .Required("source", request.Source);
        if (request.EffectiveDate is null)
        {
            errors.Add("effectiveDate", "is required.");
        }

        errors.Planned("effectiveDate", request.EffectiveDate, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        if (request.Rate is null)
        {
            errors.Add("rate", "is required.");
        }
        else if (request.Rate <= 0)
        {
            errors.Add("rate", "must be more than zero.");
        }

        ExchangeRate? rate = null;
        if (errors.IsValid)
        {
            try
            {
                rate = ExchangeRate.Enter(request.Base!, request.Quote!, request.Rate!.Value, request.EffectiveDate!.Value, request.Source!.Trim(),
                    partner.PartnerId!, clock.GetUtcNow());
            }
            catch (MoneyException refused)
            {
                errors.Add("quote", refused.Message);
            }
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await db.ExchangeRates.AnyAsync(r => r.Base == rate!.Base && r.Quote == rate.Quote && r.EffectiveDate == rate.EffectiveDate, cancellationToken))
        {
            return TypedResults.Conflict();
        }

        db.ExchangeRates.Add(rate!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/funding/exchange-rates/{rate!.Id}", ExchangeRateResponse.From(rate));
    }

    public static async Task<Results<Ok<PagedResult<ExchangeRateResponse>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await db.ExchangeRates.AsNoTracking()
            .OrderByDescending(r => r.EffectiveDate).ThenBy(r => r.Base).ThenBy(r => r.Quote)
            .ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(ExchangeRateResponse.From));
    }

    public static async Task<Results<Ok<ConversionResponse>, ValidationProblem, ProblemHttpResult>> ConvertAsync(
        [Required] decimal? amount, [Required] string? currency, [Required] string? to, [Required] DateOnly? valueDate, FundingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        foreach (var (field, message) in Money.Problems(amount, currency, "amount", "currency", positive: false))
        {
            errors.Add(field, message);
        }

        errors.Currency("to", to);
        if (valueDate is null)
        {
            errors.Add("valueDate", "is required.");
        }

        errors.Planned("valueDate", valueDate, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var money = Money.Of(amount!.Value, currency, valueDate!.Value);
        try
        {
            var conversion = (await db.ConverterAsync(cancellationToken)).Convert(money, to);
            return TypedResults.Ok(new ConversionResponse(money.Amount, money.Currency, money.ValueDate, ConvertedFigure.From(conversion)));
        }
        catch (MissingRateException missing)
        {
            return NoRate(missing);
        }
    }

    /// <summary>422 for a figure asked in a currency no entered rate reaches on its value date: it names where to enter one.</summary>
    public static ProblemHttpResult NoRate(MissingRateException missing) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "No exchange rate for this conversion",
            detail: missing.Message + " Enter one at /api/v1/funding/exchange-rates.");
}
