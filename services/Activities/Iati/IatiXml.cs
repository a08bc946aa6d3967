using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace JusticePlatform.Activities.Iati;

/// <summary>An element of an imported file the platform does not take, named by its path in the file.</summary>
public sealed record IatiRefusal(string Element, string Code, string Message);

/// <summary>Writes an <see cref="IatiActivity"/> as IATI 2.03 XML, and reads it back, in the schema's element order.</summary>
public static class IatiXml
{
    private static readonly XNamespace Xml = XNamespace.Xml;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static XDocument Write(IatiActivity activity, DateTimeOffset generatedAt) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement("iati-activities",
            new XAttribute("version", IatiCodes.Version),
            new XAttribute("generated-datetime", generatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant)),
            WriteActivity(activity, generatedAt)));

    private static XElement WriteActivity(IatiActivity a, DateTimeOffset generatedAt) => new("iati-activity",
        new XAttribute("last-updated-datetime", generatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant)),
        new XAttribute(Xml + "lang", "fr"),
        new XAttribute("default-currency", a.DefaultCurrency),
        new XElement("iati-identifier", a.Identifier),
        new XElement("reporting-org", new XAttribute("ref", a.ReportingOrg.Ref), new XAttribute("type", a.ReportingOrg.TypeCode),
            Narratives(new IatiText(a.ReportingOrg.Name ?? a.ReportingOrg.Ref, null))),
        new XElement("title", Narratives(a.Title)),
        new XElement("description", new XAttribute("type", "1"), Narratives(a.Description is { Fr: not null } or { En: not null } ? a.Description : a.Title)),
        a.Participants.Select(p => new XElement("participating-org",
            p.Ref is null ? null : new XAttribute("ref", p.Ref), new XAttribute("role", p.RoleCode),
            p.Name is null ? null : Narratives(new IatiText(p.Name, null)))),
        new XElement("activity-status", new XAttribute("code", a.StatusCode)),
        Date(IatiCodes.PlannedStart, a.PlannedStart),
        a.ActualStart is { } actualStart ? Date(IatiCodes.ActualStart, actualStart) : null,
        Date(IatiCodes.PlannedEnd, a.PlannedEnd),
        a.ActualEnd is { } actualEnd ? Date(IatiCodes.ActualEnd, actualEnd) : null,
        new XElement("recipient-country", new XAttribute("code", a.RecipientCountry), new XAttribute("percentage", "100")),
        // IATI 2.03's GeographicVocabulary has no entry for OCHA COD-AB P-codes: the P-code is the location's own reference.
        a.LocationPcodes.Select(pcode => new XElement("location", new XAttribute("ref", pcode),
            new XElement("location-reach", new XAttribute("code", "1")),
            new XElement("description", Narratives(new IatiText($"OCHA COD-AB P-code {pcode}", $"OCHA COD-AB P-code {pcode}"))),
            new XElement("administrative", new XAttribute("vocabulary", "A4"), new XAttribute("level", "0"), new XAttribute("code", a.RecipientCountry)))),
        a.DacSectors.Select((code, i) => new XElement("sector", new XAttribute("vocabulary", IatiCodes.DacFiveDigit), new XAttribute("code", code),
            new XAttribute("percentage", Share(i, a.DacSectors.Count)))),
        a.Budgets.Select(b => new XElement("budget", new XAttribute("type", b.TypeCode), new XAttribute("status", b.StatusCode),
            new XElement("period-start", new XAttribute("iso-date", IsoDate(b.PeriodStart))),
            new XElement("period-end", new XAttribute("iso-date", IsoDate(b.PeriodEnd))),
            Value(b.Amount, b.Currency, b.ValueDate))),
        a.Transactions.Select(t => new XElement("transaction",
            new XElement("transaction-type", new XAttribute("code", t.TypeCode)),
            new XElement("transaction-date", new XAttribute("iso-date", IsoDate(t.Date))),
            Value(t.Amount, t.Currency, t.Date),
            t.ProviderRef is null && t.ProviderName is null ? null : new XElement("provider-org",
                t.ProviderRef is null ? null : new XAttribute("ref", t.ProviderRef), t.ProviderName is null ? null : Narratives(new IatiText(t.ProviderName, null))),
            t.ReceiverRef is null && t.ReceiverName is null ? null : new XElement("receiver-org",
                t.ReceiverRef is null ? null : new XAttribute("ref", t.ReceiverRef), t.ReceiverName is null ? null : Narratives(new IatiText(t.ReceiverName, null))))),
        a.Results.Select(WriteResult));

    private static XElement WriteResult(IatiResult r) => new("result",
        new XAttribute("type", r.TypeCode),
        new XElement("title", Narratives(new IatiText(r.Title, null))),
        r.ObjectiveCode is null ? null : new XElement("description", Narratives(new IatiText($"{r.ObjectiveCode}: {r.ObjectiveTitle}", null))),
        new XElement("reference", new XAttribute("vocabulary", IatiCodes.ReportingOrganisationVocabulary), new XAttribute("code", r.Code)),
        r.Indicators.Select(i => new XElement("indicator",
            new XAttribute("measure", i.MeasureCode), new XAttribute("ascending", i.Ascending ? "1" : "0"),
            new XElement("title", Narratives(new IatiText(i.Title, null))),
            new XElement("reference", new XAttribute("vocabulary", IatiCodes.ReportingOrganisationVocabulary), new XAttribute("code", i.Code)),
            i.BaselineYear is { } year
                ? new XElement("baseline", new XAttribute("year", year), i.BaselineValue is { } baseline ? new XAttribute("value", Number(baseline)) : null)
                : null,
            i.Periods.Select(p => new XElement("period",
                new XElement("period-start", new XAttribute("iso-date", IsoDate(p.Start))),
                new XElement("period-end", new XAttribute("iso-date", IsoDate(p.End))),
                p.Targets.Select(v => PeriodValue("target", v)),
                p.Actuals.Select(v => PeriodValue("actual", v)))))));

    private static XElement PeriodValue(string name, IatiValue v) => new(name,
        v.Value is { } value ? new XAttribute("value", Number(value)) : null,
        v.Dimension is null ? null : new XElement("dimension", new XAttribute("name", v.Dimension), new XAttribute("value", v.DimensionValue ?? "")),
        v.Comment is null ? null : new XElement("comment", Narratives(new IatiText(v.Comment, null))));

    private static IEnumerable<XElement> Narratives(IatiText? text)
    {
        // The activity's default language is French: a French narrative needs no xml:lang.
        if (text?.Fr is { Length: > 0 } fr) yield return new XElement("narrative", fr);
        if (text?.En is { Length: > 0 } en) yield return new XElement("narrative", new XAttribute(Xml + "lang", "en"), en);
    }

    private static XElement Date(string type, DateOnly date) =>
        new("activity-date", new XAttribute("type", type), new XAttribute("iso-date", IsoDate(date)));

    private static XElement Value(decimal amount, string currency, DateOnly valueDate) =>
        new("value", new XAttribute("currency", currency), new XAttribute("value-date", IsoDate(valueDate)), Number(amount));

    /// <summary>Equal shares that add up to 100 (the last takes the rounding).</summary>
    private static string Share(int index, int count)
    {
        var share = Math.Round(100m / count, 2);
        return Number(index == count - 1 ? 100m - share * (count - 1) : share);
    }

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    private static string Number(decimal value) => value.ToString("0.############", Invariant);

    /// <summary>The settings every IATI file is read with: no DTD, no external entity, nothing fetched.</summary>
    public static XmlReaderSettings SafeReading => new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };

    /// <summary>
    /// Reads one iati-activity. What cannot be taken is refused, each by its path in the file; the
    /// activity is read only when nothing is refused (it is imported whole or not at all).
    /// </summary>
    public static (IatiActivity? Activity, IReadOnlyList<IatiRefusal> Refused) Read(XElement e, string path)
    {
        var refused = new List<IatiRefusal>();
        void Refuse(string element, string code, string message) => refused.Add(new IatiRefusal(element, code, message));

        string? Attr(XElement? element, string name) => element?.Attribute(name)?.Value.Trim();

        DateOnly? DateOf(XElement? element, string where)
        {
            if (element is null) return null;
            if (DateOnly.TryParseExact(Attr(element, "iso-date"), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date)) return date;
            Refuse(where, "invalid_value", "iso-date must be a date (YYYY-MM-DD).");
            return null;
        }

        decimal? NumberOf(string? text, string where, string what)
        {
            if (text is null) return null;
            if (decimal.TryParse(text, NumberStyles.Number, Invariant, out var number)) return number;
            Refuse(where, "invalid_value", $"{what} must be a number.");
            return null;
        }

        var identifier = e.Element("iati-identifier")?.Value.Trim();
        if (string.IsNullOrEmpty(identifier)) Refuse($"{path}/iati-identifier", "required", "is required.");
        var reporting = e.Element("reporting-org");
        var reportingRef = Attr(reporting, "ref");
        if (string.IsNullOrEmpty(reportingRef)) Refuse($"{path}/reporting-org", "required", "is required, with its ref.");

        var defaultLanguage = e.Attribute(Xml + "lang")?.Value ?? "en";
        IatiText TextOf(XElement? element)
        {
            var narratives = element?.Elements("narrative").ToList() ?? [];
            string? In(string language) => narratives.FirstOrDefault(n => (n.Attribute(Xml + "lang")?.Value ?? defaultLanguage) == language)?.Value.Trim();
            return new IatiText(In("fr"), In("en"));
        }

        var title = TextOf(e.Element("title"));
        if (title.Fr is null && title.En is null) Refuse($"{path}/title", "required", "needs a French or English narrative.");
        var description = TextOf(e.Elements("description").FirstOrDefault(d => Attr(d, "type") is null or "1"));

        var participants = e.Elements("participating-org").Select((p, i) => new IatiParticipant(Attr(p, "role") ?? "", Attr(p, "ref"), TextOf(p).Fr ?? TextOf(p).En)).ToList();
        var statusCode = Attr(e.Element("activity-status"), "code") ?? "";
        if (IatiCodes.StatusOf(statusCode) is null) Refuse($"{path}/activity-status", "unknown_code", "code must be an IATI ActivityStatus code (1 to 6).");

        var dates = e.Elements("activity-date").ToList();
        DateOnly? DateOfType(string type)
        {
            var index = dates.FindIndex(d => Attr(d, "type") == type);
            return index < 0 ? null : DateOf(dates[index], $"{path}/activity-date[{index + 1}]");
        }

        var plannedStart = DateOfType(IatiCodes.PlannedStart) ?? DateOfType(IatiCodes.ActualStart);
        var plannedEnd = DateOfType(IatiCodes.PlannedEnd) ?? DateOfType(IatiCodes.ActualEnd);
        if (plannedStart is null) Refuse($"{path}/activity-date", "required", "a start date (type 1 or 2) is required.");
        if (plannedEnd is null) Refuse($"{path}/activity-date", "required", "an end date (type 3 or 4) is required.");

        var countries = e.Elements("recipient-country").Select(c => Attr(c, "code")).ToList();
        for (var i = 0; i < countries.Count; i++)
        {
            if (countries[i] != IatiCodes.Mali) Refuse($"{path}/recipient-country[{i + 1}]", "unsupported", "the platform serves programs in Mali (ML) only.");
        }

        var pcodes = new List<string>();
        foreach (var (location, i) in e.Elements("location").Select((l, i) => (l, i)))
        {
            var pcode = Attr(location, "ref");
            if (pcode is null || !Programs.Codes.Pcode().IsMatch(pcode)) Refuse($"{path}/location[{i + 1}]", "invalid_value", "ref must be an OCHA COD-AB P-code of Mali (ML06, ML0602, ML060201).");
            else pcodes.Add(pcode);
        }

        var sectors = new List<string>();
        foreach (var (sector, i) in e.Elements("sector").Select((s, i) => (s, i)))
        {
            var code = Attr(sector, "code");
            if ((Attr(sector, "vocabulary") ?? IatiCodes.DacFiveDigit) != IatiCodes.DacFiveDigit || code is null || !Programs.Codes.DacSector().IsMatch(code))
                Refuse($"{path}/sector[{i + 1}]", "unsupported", "must be a five-digit DAC sector (vocabulary 1).");
            else sectors.Add(code);
        }

        var defaultCurrency = e.Attribute("default-currency")?.Value;
        string? CurrencyOf(XElement value, string where)
        {
            var currency = Attr(value, "currency") ?? defaultCurrency;
            if (currency is not null && IatiSchema.Codes("Currency").Contains(currency)) return currency;
            Refuse(where, "invalid_value", "needs an ISO 4217 currency of IATI's Currency code list (its own or the activity's default-currency).");
            return null;
        }

        var budgets = new List<IatiBudget>();
        foreach (var (budget, i) in e.Elements("budget").Select((b, i) => (b, i)))
        {
            var where = $"{path}/budget[{i + 1}]";
            var value = budget.Element("value");
            var start = DateOf(budget.Element("period-start"), $"{where}/period-start");
            var end = DateOf(budget.Element("period-end"), $"{where}/period-end");
            if (value is null || start is null || end is null) { Refuse(where, "required", "needs period-start, period-end and value."); continue; }
            var amount = NumberOf(value.Value.Trim(), $"{where}/value", "value");
            var currency = CurrencyOf(value, $"{where}/value");
            var valueDate = DateOnly.TryParseExact(Attr(value, "value-date"), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var vd) ? vd : start.Value;
            var type = Attr(budget, "type") ?? "1";
            var status = Attr(budget, "status") ?? "1";
            if (type is not ("1" or "2")) Refuse(where, "unknown_code", "type must be an IATI BudgetType code (1 original, 2 revised).");
            if (status is not ("1" or "2")) Refuse(where, "unknown_code", "status must be an IATI BudgetStatus code (1 indicative, 2 committed).");
            if (amount is { } a && currency is { } c) budgets.Add(new IatiBudget(type, status, start.Value, end.Value, a, c, valueDate));
        }

        var transactions = new List<IatiTransaction>();
        foreach (var (transaction, i) in e.Elements("transaction").Select((t, i) => (t, i)))
        {
            var where = $"{path}/transaction[{i + 1}]";
            var type = Attr(transaction.Element("transaction-type"), "code");
            var date = DateOf(transaction.Element("transaction-date"), $"{where}/transaction-date");
            var value = transaction.Element("value");
            if (type is null || date is null || value is null) { Refuse(where, "required", "needs transaction-type, transaction-date and value."); continue; }
            if (!IatiTransactions.Known.Contains(type))
            {
                Refuse($"{where}/transaction-type", "unknown_code", "code must be an IATI TransactionType code (1 to 13).");
                continue;
            }

            // Money that moved under the file's publisher is its record, not the uploader's plan: only commitments are taken.
            if (!IatiTransactions.Planned.Contains(type))
            {
                continue;
            }

            var amount = NumberOf(value.Value.Trim(), $"{where}/value", "value");
            var currency = CurrencyOf(value, $"{where}/value");
            var provider = transaction.Element("provider-org");
            var receiver = transaction.Element("receiver-org");
            if (amount is { } a && currency is { } c)
                transactions.Add(new IatiTransaction(type, date.Value, a, c, Attr(provider, "ref"), provider is null ? null : TextOf(provider).Fr ?? TextOf(provider).En,
                    Attr(receiver, "ref"), receiver is null ? null : TextOf(receiver).Fr ?? TextOf(receiver).En));
        }

        var results = new List<IatiResult>();
        foreach (var (result, r) in e.Elements("result").Select((x, i) => (x, i)))
        {
            var where = $"{path}/result[{r + 1}]";
            var type = Attr(result, "type") ?? "";
            if (IatiCodes.ResultTypeOf(type) is null) Refuse(where, "unknown_code", "type must be an IATI ResultType code the platform keeps (1 output, 2 outcome, 3 impact).");
            var code = Attr(result.Element("reference"), "code") ?? $"R{r + 1}";
            var resultTitle = TextOf(result.Element("title"));
            var objective = TextOf(result.Element("description")).Fr?.Split(": ", 2);
            var indicators = new List<IatiIndicator>();
            foreach (var (indicator, n) in result.Elements("indicator").Select((x, i) => (x, i)))
            {
                var at = $"{where}/indicator[{n + 1}]";
                var measure = Attr(indicator, "measure") ?? "";
                if (IatiCodes.MeasureOf(measure) is null) Refuse(at, "unknown_code", "measure must be an IATI IndicatorMeasure code the platform keeps (1 unit, 2 percentage, 5 qualitative).");
                var baseline = indicator.Element("baseline");
                int? baselineYear = int.TryParse(Attr(baseline, "year"), NumberStyles.None, Invariant, out var year) ? year : null;
                var baselineValue = NumberOf(Attr(baseline, "value"), $"{at}/baseline", "value");
                var periods = new List<IatiPeriod>();
                var dimensions = new List<string>();
                foreach (var (period, p) in indicator.Elements("period").Select((x, i) => (x, i)))
                {
                    var pat = $"{at}/period[{p + 1}]";
                    var start = DateOf(period.Element("period-start"), $"{pat}/period-start");
                    var end = DateOf(period.Element("period-end"), $"{pat}/period-end");
                    if (start is null || end is null) { Refuse(pat, "required", "needs period-start and period-end."); continue; }
                    var targets = new List<IatiValue>();
                    foreach (var (target, t) in period.Elements("target").Select((x, i) => (x, i)))
                    {
                        var dimension = target.Element("dimension");
                        var value = NumberOf(Attr(target, "value"), $"{pat}/target[{t + 1}]", "value");
                        if (dimension is not null && !Reach.Disaggregation.Dimensions.Contains(Attr(dimension, "name")))
                        {
                            Refuse($"{pat}/target[{t + 1}]/dimension", "unsupported", $"name must be one of: {string.Join(", ", Reach.Disaggregation.Dimensions)}.");
                            continue;
                        }

                        if (value is null) continue;
                        if (Attr(dimension, "name") is { } name && !dimensions.Contains(name)) dimensions.Add(name);
                        targets.Add(new IatiValue(value, Attr(dimension, "name"), Attr(dimension, "value"), null));
                    }

                    periods.Add(new IatiPeriod(start.Value, end.Value, targets, []));
                }

                indicators.Add(new IatiIndicator(Attr(indicator.Element("reference"), "code") ?? $"{code}.{n + 1}",
                    TextOf(indicator.Element("title")).Fr ?? TextOf(indicator.Element("title")).En ?? "", measure, Attr(indicator, "ascending") is not ("0" or "false"),
                    baselineYear, baselineValue, dimensions, periods));
            }

            results.Add(new IatiResult(code, type, resultTitle.Fr ?? resultTitle.En ?? "", objective is { Length: 2 } ? objective[0] : null,
                objective is { Length: 2 } ? objective[1] : null, indicators));
        }

        if (refused.Count > 0)
        {
            return (null, refused);
        }

        return (new IatiActivity(identifier!, new IatiOrganisation(reportingRef!, Attr(reporting, "type") ?? IatiCodes.NationalNgo, TextOf(reporting).Fr ?? TextOf(reporting).En),
            title, description, participants, statusCode, plannedStart!.Value, plannedEnd!.Value, DateOfType(IatiCodes.ActualStart), DateOfType(IatiCodes.ActualEnd),
            IatiCodes.Mali, pcodes, sectors, defaultCurrency ?? "", budgets, transactions, results), refused);
    }
}

/// <summary>IATI TransactionType codes, as the import takes them.</summary>
public static class IatiTransactions
{
    public static readonly IReadOnlyList<string> Known = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"];

    /// <summary>Commitments (2 outgoing, 11 incoming) are promises of money: an imported file plans them. Money that moved is Funding's to record.</summary>
    public static readonly IReadOnlyList<string> Planned = ["2", "11"];
}
