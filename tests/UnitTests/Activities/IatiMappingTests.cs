using System.Xml.Linq;
using JusticePlatform.Activities.Iati;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reports;
using JusticePlatform.TestSupport;

namespace JusticePlatform.UnitTests.Activities;

public sealed class IatiMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static IatiActivity Sample() => new(
        "XM-DAC-41146-JUSTICE-GTB",
        new IatiOrganisation("XM-DAC-41146", IatiCodes.NationalNgo, "AMSS"),
        new IatiText("Accès à la justice à Goundam et Tombouctou", "Access to justice in Goundam and Timbuktu"),
        new IatiText("Les citoyens connaissent et utilisent les initiatives d'accès à la justice.", "Citizens know and use access-to-justice initiatives."),
        [new IatiParticipant(IatiCodes.Funding, "XI-IATI-EC_INTPA", null), new IatiParticipant(IatiCodes.Accountable, "XM-DAC-41146", "AMSS"),
         new IatiParticipant(IatiCodes.Extending, "XM-DAC-41146", "AMSS"), new IatiParticipant(IatiCodes.Implementing, null, "WILDAF")],
        "2", new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), new DateOnly(2026, 1, 1), null,
        "ML", ["ML0602", "ML060201"], ["15130", "15160"], "XOF",
        [new IatiBudget("1", "2", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 40_000_000m, "XOF", new DateOnly(2026, 1, 1))],
        [new IatiTransaction("11", new DateOnly(2026, 1, 15), 89_000_000m, "XOF", "XI-IATI-EC_INTPA", "Union européenne", null, null),
         new IatiTransaction("2", new DateOnly(2026, 2, 1), 5_000m, "GBP", null, null, null, "WILDAF")],
        [new IatiResult("R1.1", "2", "Les victimes obtiennent réparation", "OS1", "Accès à la justice",
            [new IatiIndicator("I1.1.1", "Femmes formées", "1", true, 2025, 0m, ["sex"],
                [new IatiPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31),
                    [new IatiValue(400m, null, null, null), new IatiValue(250m, "sex", "female", null)], []),
                 new IatiPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31),
                    [new IatiValue(100m, null, null, null)],
                    [new IatiValue(42m, null, null, null), new IatiValue(null, "sex", "male", "Fewer than 5 people: the figure is not published.")])])])]);

    private static string Xml(IatiActivity activity)
    {
        var document = IatiXml.Write(activity, Now);
        return document.Declaration + "\n" + document;
    }

    [Fact]
    public void An_exported_activity_is_valid_against_the_official_iati_2_03_schema() =>
        Assert.Empty(IatiConformance.SchemaErrors(Xml(Sample())));

    [Fact]
    public void Every_code_an_exported_activity_carries_is_in_its_iati_code_list() =>
        Assert.Empty(IatiConformance.UnknownCodes(Xml(Sample())));

    [Fact]
    public void The_schema_check_refuses_an_activity_whose_elements_are_out_of_order()
    {
        var document = XDocument.Parse(Xml(Sample()));
        var activity = document.Root!.Element("iati-activity")!;
        var title = activity.Element("title")!;
        title.Remove();
        activity.Add(title);

        Assert.NotEmpty(IatiConformance.SchemaErrors(document.ToString()));
    }

    [Fact]
    public void Titles_and_descriptions_are_written_in_french_and_english()
    {
        var activity = XDocument.Parse(Xml(Sample())).Root!.Element("iati-activity")!;
        var narratives = activity.Element("title")!.Elements("narrative").ToList();

        Assert.Equal("fr", activity.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.Equal("Accès à la justice à Goundam et Tombouctou", narratives.Single(n => n.Attribute(XNamespace.Xml + "lang") is null).Value);
        Assert.Equal("Access to justice in Goundam and Timbuktu", narratives.Single(n => n.Attribute(XNamespace.Xml + "lang")?.Value == "en").Value);
        Assert.Equal(2, activity.Element("description")!.Elements("narrative").Count());
    }

    [Fact]
    public void Reading_an_exported_activity_gives_back_its_framework_budgets_and_commitments()
    {
        var original = Sample();
        var (read, refused) = IatiXml.Read(XDocument.Parse(Xml(original)).Root!.Element("iati-activity")!, "iati-activity[1]");

        Assert.Empty(refused);
        Assert.NotNull(read);
        Assert.Equal(original.Identifier, read.Identifier);
        Assert.Equal(original.Title, read.Title);
        Assert.Equal(original.LocationPcodes, read.LocationPcodes);
        Assert.Equal(original.DacSectors, read.DacSectors);
        Assert.Equal(original.Budgets, read.Budgets);
        Assert.Equal(original.Transactions, read.Transactions);
        var (result, back) = (original.Results.Single(), read.Results.Single());
        Assert.Equal((result.Code, result.TypeCode, result.Title, result.ObjectiveCode, result.ObjectiveTitle), (back.Code, back.TypeCode, back.Title, back.ObjectiveCode, back.ObjectiveTitle));
        var (indicator, again) = (result.Indicators.Single(), back.Indicators.Single());
        Assert.Equal((indicator.Code, indicator.Title, indicator.MeasureCode, indicator.Ascending, indicator.BaselineYear, indicator.BaselineValue),
            (again.Code, again.Title, again.MeasureCode, again.Ascending, again.BaselineYear, again.BaselineValue));
        Assert.Equal(indicator.Dimensions, again.Dimensions);
        Assert.Equal(indicator.Periods.Select(p => (p.Start, p.End, string.Join(";", p.Targets))), again.Periods.Select(p => (p.Start, p.End, string.Join(";", p.Targets))));
    }

    [Fact]
    public void A_year_and_a_quarter_within_it_both_keep_their_targets() =>
        Assert.Equal([400m, 100m], Sample().Results[0].Indicators[0].Periods.Select(p => p.Targets[0].Value!.Value));

    [Fact]
    public void Reading_refuses_each_element_it_cannot_take_by_its_path()
    {
        var document = XDocument.Parse(Xml(Sample()));
        var activity = document.Root!.Element("iati-activity")!;
        activity.Element("result")!.SetAttributeValue("type", "9");
        activity.Elements("transaction").First().Element("transaction-type")!.SetAttributeValue("code", "99");
        activity.Element("location")!.SetAttributeValue("ref", "BF01");

        var (read, refused) = IatiXml.Read(activity, "iati-activity[1]");

        Assert.Null(read);
        Assert.Equal(["iati-activity[1]/location[1]", "iati-activity[1]/result[1]", "iati-activity[1]/transaction[1]/transaction-type"], refused.Select(r => r.Element).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reading_takes_commitments_as_planned_and_leaves_money_that_moved_to_funding()
    {
        var document = XDocument.Parse(Xml(Sample()));
        var activity = document.Root!.Element("iati-activity")!;
        activity.Elements("transaction").Last().Element("transaction-type")!.SetAttributeValue("code", "4");

        var (read, refused) = IatiXml.Read(activity, "iati-activity[1]");

        Assert.Empty(refused);
        Assert.Equal(["11"], read!.Transactions.Select(t => t.TypeCode));
    }

    [Fact]
    public void Reading_takes_a_budget_in_any_iso_4217_currency_of_the_file()
    {
        var document = XDocument.Parse(Xml(Sample()));
        var activity = document.Root!.Element("iati-activity")!;
        activity.Element("budget")!.Element("value")!.SetAttributeValue("currency", "CHF");

        var (read, _) = IatiXml.Read(activity, "iati-activity[1]");

        Assert.Equal("CHF", read!.Budgets.Single().Currency);
    }

    [Fact]
    public void Reading_refuses_a_currency_that_is_not_iso_4217()
    {
        var document = XDocument.Parse(Xml(Sample()));
        var activity = document.Root!.Element("iati-activity")!;
        activity.Element("budget")!.Element("value")!.SetAttributeValue("currency", "ABC");

        var (_, refused) = IatiXml.Read(activity, "iati-activity[1]");

        Assert.Equal("iati-activity[1]/budget[1]/value", refused.Single().Element);
    }

    [Fact]
    public void The_service_checks_uploads_against_its_built_in_copy_of_the_schema()
    {
        var valid = XDocument.Parse(Xml(Sample()));
        var disordered = XDocument.Parse(Xml(Sample()));
        var activity = disordered.Root!.Element("iati-activity")!;
        var title = activity.Element("title")!;
        title.Remove();
        activity.Add(title);

        Assert.Empty(IatiSchema.Validate(valid));
        Assert.NotEmpty(IatiSchema.Validate(disordered));
        Assert.Empty(IatiSchema.UnknownCodes(valid));
    }

    [Fact]
    public void A_suppressed_actual_is_a_comment_and_never_a_number()
    {
        var progress = new IndicatorProgress(Guid.NewGuid(), "I1", "t", "R1", "output", "unit", "distinct_people", true, null, null, 10, "<5", null, null, [], null, null, null, null);

        var actual = IatiApi.Actuals(progress).Single();

        Assert.Null(actual.Value);
        Assert.NotNull(actual.Comment);
    }

    [Fact]
    public void The_lead_of_a_consortium_is_accountable_and_extending_and_the_others_implement()
    {
        Assert.Equal([IatiCodes.Accountable, IatiCodes.Extending], IatiCodes.RolesOf(MemberRoles.Lead, hasOtherMembers: true));
        Assert.Equal([IatiCodes.Accountable, IatiCodes.Implementing], IatiCodes.RolesOf(MemberRoles.Lead, hasOtherMembers: false));
        Assert.Equal([IatiCodes.Implementing], IatiCodes.RolesOf("implementing", hasOtherMembers: true));
    }

    [Fact]
    public void Program_statuses_map_to_iati_activity_statuses_and_back()
    {
        foreach (var status in ProgramStatus.All)
        {
            Assert.Equal(status, IatiCodes.StatusOf(IatiCodes.StatusCode(status)));
        }
    }

    [Fact]
    public void An_organisation_identifier_with_an_underscore_is_an_iati_identifier() =>
        Assert.Matches(Codes.IatiOrganisation(), "XI-IATI-EC_INTPA");

    [Fact]
    public void A_program_iati_identifier_must_begin_with_its_reporting_organisation()
    {
        var request = new ProgramRequest("GTB", "Titre", null, null, null, null, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), null,
            ReportingOrgRef: "XM-DAC-41146", IatiIdentifier: "US-GOV-1-GTB");

        Assert.Equal(["iatiIdentifier"], request.Validate("amss", new DateOnly(2026, 11, 25)).Fields.Keys);
    }
}
