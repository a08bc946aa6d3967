namespace JusticePlatform.Activities.Reports;

/// <summary>
/// Every text of the program report page, by key, in English. Other languages come from the text
/// catalogue (ServiceDefaults/Languages/&lt;language&gt;/activities.json), whose key is the English
/// text, as for every other answer; a text it lacks stays English.
/// </summary>
public static class ReportTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
        ["page.title"] = "Program report",
        ["page.generated"] = "Figures as of",
        ["page.suppression"] = "Counts of people from 1 to 4 read \"<5\"; a count withheld so that a total cannot give one back reads \"x\".",
        ["reach.heading"] = "People reached by commune and sex",
        ["reach.chart"] = "Distinct people reached, by commune, stacked by sex",
        ["reach.commune"] = "Commune",
        ["reach.total"] = "Total",
        ["reach.all"] = "All communes (distinct people)",
        ["reach.none"] = "No one reached yet.",
        ["sex.female"] = "Female",
        ["sex.male"] = "Male",
        ["sex.other"] = "Other",
        ["sex.unknown"] = "Unknown",
        ["reach.withheld"] = "Not shown (<5, x)",
        ["progress.heading"] = "Indicator progress against targets",
        ["progress.chart"] = "Percent of target reached, by indicator",
        ["progress.period"] = "Period",
        ["progress.none"] = "No reporting period or indicator yet.",
        ["progress.indicator"] = "Indicator",
        ["progress.target"] = "Target",
        ["progress.actual"] = "Actual",
        ["progress.percent"] = "% of target",
        ["burn.heading"] = "Burn against the grant",
        ["burn.chart"] = "Percent of each grant spent",
        ["burn.grant"] = "Grant",
        ["burn.amount"] = "Amount",
        ["burn.spent"] = "Spent",
        ["burn.percent"] = "% spent",
        ["burn.none"] = "No spending on a grant you read has been reported for this program yet.",
        ["outcomes.heading"] = "Grievance outcomes",
        ["outcomes.chart"] = "Cases whose survivor obtained redress, by kind of redress",
        ["outcomes.kind"] = "Redress",
        ["outcomes.cases"] = "Cases",
        ["outcomes.total"] = "All redress",
        ["outcomes.none"] = "No redress recorded in the program's areas yet.",
        ["redress.compensation"] = "Compensation",
        ["redress.restitution"] = "Restitution",
        ["redress.rehabilitation"] = "Rehabilitation",
        ["redress.satisfaction"] = "Satisfaction",
        ["redress.non_repetition"] = "Guarantees of non-repetition",
    };

    /// <summary>The text of <paramref name="key"/> in the request's language.</summary>
    public static string Text(string key, ITexts texts) => texts.Localized(English.GetValueOrDefault(key) ?? key);
}
