using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Reports;

/// <summary>
/// GET /api/v1/activities/programs/{id}/report: one printable HTML page for a program's members
/// (404 for anyone else): reach by commune and sex, indicator progress against targets, the burn
/// of the grants the caller reads, and grievance outcomes. Everything comes from this service's
/// rows and the projections of other services' events; the charts are SVG drawn here, and the
/// page loads nothing (its Content-Security-Policy allows only its own inline style).
/// </summary>
public static class ProgramReportPage
{
    public const string ContentType = "text/html; charset=utf-8";

    public static RouteGroupBuilder MapProgramReportPage(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/report", GetAsync).RequireScope(Scopes.ActivitiesRead)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithName("GetProgramReportPage")
            .WithSummary("A printable HTML report of a program: reach by commune and sex, indicator progress, grant burn and grievance outcomes, with inline SVG charts");
        return api;
    }

    public static async Task<Results<ContentHttpResult, NotFound>> GetAsync(
        Guid id, Guid? periodId, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, ITexts texts, HttpContext http,
        CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null || !program.IsMember(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var page = new StringBuilder();
        Open(page, texts, program, today);
        await ReachAsync(page, texts, db, program, today, cancellationToken);
        await ProgressAsync(page, texts, db, program, partner, periodId, today, cancellationToken);
        await BurnAsync(page, texts, db, program, partner.PartnerId!, cancellationToken);
        await OutcomesAsync(page, texts, db, program, cancellationToken);
        page.Append("</main></body></html>\n");

        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.CacheControl = "no-store";
        // The page's language follows Accept-Language (Content-Language says which): a cache must key on it.
        http.Response.Headers.Vary = "Accept-Language";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(page.ToString(), ContentType);
    }

    private static string T(ITexts texts, string key) => ReportTexts.Text(key, texts);

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Screen and print: A4, no page break inside a section's chart or table row.</summary>
    private const string Style =
        "body{font-family:sans-serif;color:#222;margin:2em;max-width:60em}h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:2em}" +
        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}" +
        "svg{display:block;margin:1em 0}.note{color:#555;font-size:.9em}" +
        "@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none}section{break-inside:avoid}tr,svg{break-inside:avoid}}";

    /// <summary>Nothing may load: no script, image, font or frame; only the page's own style, by its hash.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static void Open(StringBuilder page, ITexts texts, ActivityProgram program, DateOnly today)
    {
        var programTitle = texts.Language == Languages.French ? program.TitleFr ?? program.TitleEn : program.TitleEn ?? program.TitleFr;
        var title = $"{T(texts, "page.title")}: {program.Code} — {programTitle}";
        page.Append("<!DOCTYPE html><html lang=\"").Append(texts.Language).Append("\"><head><meta charset=\"utf-8\"><title>").Append(H(title)).Append("</title><style>")
            .Append(Style).Append("</style></head><body><main><h1>").Append(H(title)).Append("</h1><p class=\"note\">")
            .Append(H(T(texts, "page.generated"))).Append(' ').Append(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(". ")
            .Append(H(T(texts, "page.suppression"))).Append("</p>");
    }

    private static readonly string[] Sexes = ["female", "male", "other", "unknown"];
    private static readonly string[] SexColours = ["#7b3294", "#008837", "#e08214", "#999999"];
    private const string WithheldColour = "#d9d9d9";

    private static async Task ReachAsync(StringBuilder page, ITexts texts, ActivitiesDbContext db, ActivityProgram program, DateOnly today, CancellationToken cancellationToken)
    {
        page.Append("<section id=\"reach\"><h2>").Append(H(T(texts, "reach.heading"))).Append("</h2>");
        var people = await ReachQueries.DistinctPeopleAsync(db, new ActivityScope(program.Id), today, null, null, cancellationToken);
        var communes = people.ByCommune.GroupBy(c => c.Commune).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Commune: g.Key, BySex: Sexes.Select(s => g.Where(c => c.Sex == s).Sum(c => c.Count)).ToArray()))
            .ToList();
        if (communes.Count == 0)
        {
            page.Append("<p>").Append(H(T(texts, "reach.none"))).Append("</p></section>");
            return;
        }

        // Cells by commune and sex, each commune's total, and the distinct total: one table, as the reach report suppresses it.
        var table = new SmallCellTable();
        var cells = communes.Select(c => c.BySex.Select(table.Add).ToArray()).ToList();
        var totals = communes.Select((c, i) =>
        {
            var total = table.Add(c.BySex.Sum());
            table.Sums(total, cells[i]);
            return total;
        }).ToList();
        var all = table.Add(people.Total);
        table.Sums(all, totals);
        var shown = table.Show();
        var hidden = table.Hidden();

        var max = communes.Max(c => c.BySex.Sum());
        var svg = new Svg(T(texts, "reach.chart"), communes.Count);
        for (var i = 0; i < communes.Count; i++)
        {
            var segments = Sexes.Select((s, k) => (Value: hidden[cells[i][k]] ? 0 : (double)communes[i].BySex[k], Colour: SexColours[k])).ToList();
            // The hidden cells' sum is the shown total less the shown cells, as a reader of the table can tell: one grey segment, never a cell.
            var withheld = hidden[totals[i]] ? 0 : communes[i].BySex.Sum() - segments.Sum(s => s.Value);
            svg.StackedBar(i, communes[i].Commune, [.. segments, (withheld, WithheldColour)], max, shown[totals[i]]);
        }

        page.Append(svg.Close([.. Sexes.Select((s, k) => (T(texts, "sex." + s), SexColours[k])), (T(texts, "reach.withheld"), WithheldColour)]));
        page.Append("<table><thead><tr><th>").Append(H(T(texts, "reach.commune"))).Append("</th>");
        foreach (var sex in Sexes) page.Append("<th>").Append(H(T(texts, "sex." + sex))).Append("</th>");
        page.Append("<th>").Append(H(T(texts, "reach.total"))).Append("</th></tr></thead><tbody>");
        for (var i = 0; i < communes.Count; i++)
        {
            page.Append("<tr><td>").Append(H(communes[i].Commune)).Append("</td>");
            foreach (var cell in cells[i]) page.Append("<td>").Append(H(shown[cell])).Append("</td>");
            page.Append("<td>").Append(H(shown[totals[i]])).Append("</td></tr>");
        }

        page.Append("<tr><th colspan=\"").Append(Sexes.Length + 1).Append("\">").Append(H(T(texts, "reach.all"))).Append("</th><th>")
            .Append(H(shown[all])).Append("</th></tr></tbody></table></section>");
    }

    private static async Task ProgressAsync(
        StringBuilder page, ITexts texts, ActivitiesDbContext db, ActivityProgram program, ICurrentPartner partner, Guid? periodId, DateOnly today, CancellationToken cancellationToken)
    {
        page.Append("<section id=\"progress\"><h2>").Append(H(T(texts, "progress.heading"))).Append("</h2>");
        // The period asked for, else the one under way, else the last one that began.
        var periods = await db.Periods.AsNoTracking().Where(p => p.ProgramId == program.Id).OrderBy(p => p.StartDate).ToListAsync(cancellationToken);
        var period = periods.FirstOrDefault(p => p.Id == periodId) ?? periods.FirstOrDefault(p => p.Contains(today))
            ?? periods.LastOrDefault(p => p.StartDate <= today) ?? periods.FirstOrDefault();
        var answer = period is null ? null : (await ReportsApi.ProgressReportAsync(program.Id, period.Id, null, null, db, partner, cancellationToken)).Result as Ok<ProgressResponse>;
        if (answer?.Value is not { Indicators.Count: > 0 } report)
        {
            page.Append("<p>").Append(H(T(texts, "progress.none"))).Append("</p></section>");
            return;
        }

        page.Append("<p>").Append(H(T(texts, "progress.period"))).Append(": ").Append(H(report.Period.Label)).Append(" (")
            .Append(Date(report.Period.StartDate)).Append(" – ").Append(Date(report.Period.EndDate)).Append(")</p>");
        var svg = new Svg(T(texts, "progress.chart"), report.Indicators.Count);
        for (var i = 0; i < report.Indicators.Count; i++)
        {
            var indicator = report.Indicators[i];
            svg.PercentBar(i, indicator.Code, indicator.PercentOfTarget, indicator.PercentOfTarget is { } p ? Number(p) + " %" : indicator.Actual ?? "");
        }

        page.Append(svg.Close([]));
        page.Append("<table><thead><tr><th>").Append(H(T(texts, "progress.indicator"))).Append("</th><th>").Append(H(T(texts, "progress.target")))
            .Append("</th><th>").Append(H(T(texts, "progress.actual"))).Append("</th><th>").Append(H(T(texts, "progress.percent"))).Append("</th></tr></thead><tbody>");
        foreach (var indicator in report.Indicators)
        {
            page.Append("<tr><td>").Append(H(indicator.Code)).Append(' ').Append(H(indicator.Title)).Append("</td><td>").Append(H(Number(indicator.Target)))
                .Append("</td><td>").Append(H(indicator.Actual)).Append("</td><td>").Append(H(Number(indicator.PercentOfTarget))).Append("</td></tr>");
        }

        page.Append("</tbody></table></section>");
    }

    private static async Task BurnAsync(StringBuilder page, ITexts texts, ActivitiesDbContext db, ActivityProgram program, string partnerId, CancellationToken cancellationToken)
    {
        page.Append("<section id=\"burn\"><h2>").Append(H(T(texts, "burn.heading"))).Append("</h2>");
        var grants = (await db.ProgramGrants.AsNoTracking().Where(g => g.ProgramId == program.Id).ToListAsync(cancellationToken))
            .Where(g => g.Readers.Contains(partnerId)).OrderBy(g => g.Title, StringComparer.Ordinal).ToList();
        if (grants.Count == 0)
        {
            page.Append("<p>").Append(H(T(texts, "burn.none"))).Append("</p></section>");
            return;
        }

        var svg = new Svg(T(texts, "burn.chart"), grants.Count);
        for (var i = 0; i < grants.Count; i++)
        {
            var percent = Percent(grants[i].Spent, grants[i].Amount);
            svg.PercentBar(i, grants[i].Title, percent, percent is { } p ? Number(p) + " %" : "");
        }

        page.Append(svg.Close([]));
        page.Append("<table><thead><tr><th>").Append(H(T(texts, "burn.grant"))).Append("</th><th>").Append(H(T(texts, "burn.amount"))).Append("</th><th>")
            .Append(H(T(texts, "burn.spent"))).Append("</th><th>").Append(H(T(texts, "burn.percent"))).Append("</th></tr></thead><tbody>");
        foreach (var grant in grants)
        {
            page.Append("<tr><td>").Append(H(grant.Title)).Append("</td><td>").Append(H(Money(grant.Amount, grant.Currency))).Append("</td><td>")
                .Append(H(Money(grant.Spent, grant.Currency))).Append("</td><td>").Append(H(Number(Percent(grant.Spent, grant.Amount)))).Append("</td></tr>");
        }

        page.Append("</tbody></table></section>");
    }

    private static async Task OutcomesAsync(StringBuilder page, ITexts texts, ActivitiesDbContext db, ActivityProgram program, CancellationToken cancellationToken)
    {
        page.Append("<section id=\"outcomes\"><h2>").Append(H(T(texts, "outcomes.heading"))).Append("</h2>");
        var members = program.Members.Where(m => m.Status == MemberStatus.Accepted).Select(m => m.PartnerId).Append(program.PartnerId).Distinct().ToList();
        var outcomes = (await db.GrievanceOutcomes.AsNoTracking()
                .Where(o => members.Contains(o.PartnerId) && o.RedressDate >= program.StartDate && o.RedressDate <= program.EndDate)
                .Select(o => new { o.RedressKind, o.CommunePcode })
                .ToListAsync(cancellationToken))
            .Where(o => program.Covers(o.CommunePcode))
            .GroupBy(o => o.RedressKind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Kind: g.Key, Count: g.LongCount()))
            .ToList();
        if (outcomes.Count == 0)
        {
            page.Append("<p>").Append(H(T(texts, "outcomes.none"))).Append("</p></section>");
            return;
        }

        var shown = SmallCells.ShowWithTotal(outcomes.Select(o => o.Count).ToList(), outcomes.Sum(o => o.Count));
        var max = outcomes.Max(o => o.Count);
        var svg = new Svg(T(texts, "outcomes.chart"), outcomes.Count);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var visible = long.TryParse(shown.Cells[i], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
            svg.StackedBar(i, T(texts, "redress." + outcomes[i].Kind), [(visible, "#2c7bb6")], max, shown.Cells[i]);
        }

        page.Append(svg.Close([]));
        page.Append("<table><thead><tr><th>").Append(H(T(texts, "outcomes.kind"))).Append("</th><th>").Append(H(T(texts, "outcomes.cases"))).Append("</th></tr></thead><tbody>");
        for (var i = 0; i < outcomes.Count; i++)
        {
            page.Append("<tr><td>").Append(H(T(texts, "redress." + outcomes[i].Kind))).Append("</td><td>").Append(H(shown.Cells[i])).Append("</td></tr>");
        }

        page.Append("<tr><th>").Append(H(T(texts, "outcomes.total"))).Append("</th><th>").Append(H(shown.Total)).Append("</th></tr></tbody></table></section>");
    }

    private static decimal? Percent(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part * 100 / whole, 2, MidpointRounding.AwayFromZero);

    private static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Money(decimal amount, string currency) => amount.ToString("N2", CultureInfo.InvariantCulture) + " " + currency;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A horizontal bar chart: one row per bar, its label on the left and its shown figure on the right.</summary>
    private sealed class Svg
    {
        private const int LabelWidth = 200;
        private const int BarWidth = 380;
        private const int RowHeight = 24;
        private readonly StringBuilder _body = new();
        private readonly string _title;
        private readonly int _rows;

        public Svg(string title, int rows)
        {
            _title = title;
            _rows = rows;
        }

        public void StackedBar(int row, string label, IReadOnlyList<(double Value, string Colour)> segments, double max, string figure)
        {
            var y = row * RowHeight + 4;
            Label(y, label);
            var x = (double)LabelWidth;
            foreach (var (value, colour) in segments)
            {
                var width = max <= 0 ? 0 : value / max * BarWidth;
                if (width > 0)
                {
                    _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{RowHeight - 8}\" fill=\"{colour}\"/>");
                }

                x += width;
            }

            Figure(x, y, figure);
        }

        /// <summary>A bar to 100 % with a mark at the target (100 %); a figure above it runs past the mark, up to 150 %.</summary>
        public void PercentBar(int row, string label, decimal? percent, string figure)
        {
            var y = row * RowHeight + 4;
            Label(y, label);
            var scale = BarWidth / 150.0;
            var width = Math.Clamp((double)(percent ?? 0), 0, 150) * scale;
            _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{RowHeight - 8}\" fill=\"#2c7bb6\"/>");
            _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LabelWidth + 100 * scale:0.#}\" x2=\"{LabelWidth + 100 * scale:0.#}\" y1=\"{y - 2}\" y2=\"{y + RowHeight - 6}\" stroke=\"#222\"/>");
            Figure(LabelWidth + width, y, figure);
        }

        private void Label(int y, string label) =>
            _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 12}\" text-anchor=\"end\" font-size=\"12\">{H(Shorten(label))}</text>");

        private void Figure(double x, int y, string figure) =>
            _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y + 12}\" font-size=\"12\">{H(figure)}</text>");

        private static string Shorten(string label) => label.Length <= 30 ? label : label[..29] + "…";

        public string Close(IReadOnlyList<(string Label, string Colour)> legend)
        {
            var height = _rows * RowHeight + (legend.Count > 0 ? RowHeight : 0) + 8;
            var svg = new StringBuilder();
            svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" width=\"{LabelWidth + BarWidth + 80}\" height=\"{height}\" viewBox=\"0 0 {LabelWidth + BarWidth + 80} {height}\">");
            svg.Append("<title>").Append(H(_title)).Append("</title>").Append(_body);
            for (var i = 0; i < legend.Count; i++)
            {
                var x = 10 + i * 110;
                var y = _rows * RowHeight + 8;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{legend[i].Colour}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 16}\" y=\"{y + 11}\" font-size=\"12\">{H(legend[i].Label)}</text>");
            }

            return svg.Append("</svg>").ToString();
        }
    }
}
