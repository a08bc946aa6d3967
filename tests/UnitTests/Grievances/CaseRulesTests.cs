using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Referrals;

namespace JusticePlatform.UnitTests.Grievances;

public sealed class CaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static GrievanceCase NewCase() =>
        GrievanceCase.Open(Guid.NewGuid(), "amss", "client", "female", 16, "high", null, (true, true, true), Now);

    [Theory]
    [InlineData("new", "assessment", true)]
    [InlineData("assessment", "case_plan", true)]
    [InlineData("case_plan", "services_implemented", true)]
    [InlineData("services_implemented", "closed", true)]
    [InlineData("new", "closed", true)]
    [InlineData("closed", "assessment", true)]
    [InlineData("new", "case_plan", false)]
    [InlineData("assessment", "new", false)]
    [InlineData("closed", "new", false)]
    [InlineData("closed", "closed", false)]
    [InlineData("case_plan", "case_plan", false)]
    public void The_workflow_moves_one_step_closes_from_any_open_step_and_reopens_into_assessment(string from, string to, bool allowed) =>
        Assert.Equal(allowed, CaseWorkflow.CanMove(from, to));

    [Fact]
    public void A_case_moves_and_closes_and_each_move_bumps_its_version()
    {
        var c = NewCase();

        Assert.True(c.MoveTo("assessment", Now));
        Assert.False(c.MoveTo("services_implemented", Now));
        Assert.True(c.MoveTo("closed", Now));

        Assert.Equal("closed", c.Status);
        Assert.Equal(Now, c.ClosedAt);
        Assert.Equal(2, c.Version);
    }

    [Fact]
    public void A_survivor_code_is_pseudonymous_and_the_age_band_is_derived()
    {
        var c = NewCase();

        Assert.Matches("^SRV-[0-9A-Z]{10}$", c.SurvivorCode);
        Assert.Equal("12-17", c.AgeBand);
        Assert.Equal("unknown", CodeLists.AgeBand(null));
        Assert.Equal("60+", CodeLists.AgeBand(60));
    }

    [Fact]
    public void Redress_obtained_is_reported_once()
    {
        var c = NewCase();

        Assert.False(c.RecordRedress("complaint_filed", null, null, Now));
        Assert.True(c.RecordRedress("redress_obtained", "compensation", Today, Now));
        Assert.False(c.RecordRedress("redress_obtained", "compensation", Today, Now));
    }

    [Fact]
    public void A_referral_is_answered_once_completed_only_when_accepted_and_revoked_only_while_open()
    {
        var referral = Referral.Create(Guid.NewGuid(), Guid.NewGuid(), "amss", "wildaf", null, null, "legal_aid", ["identity"], "c", Now);

        Assert.False(referral.Complete(Now));
        Assert.True(referral.Respond(true, "w", Now));
        Assert.True(referral.LetsReceiverRead);
        Assert.False(referral.Respond(false, "w", Now));
        Assert.True(referral.Revoke(Now));
        Assert.False(referral.LetsReceiverRead);
        Assert.False(referral.Revoke(Now));
        Assert.False(referral.Complete(Now));
    }

    [Theory]
    [InlineData("ML060201", true)]
    [InlineData("ML0602", true)]
    [InlineData("ML06", true)]
    [InlineData("ML100101", false)]
    [InlineData("ML99xxxx", false)]
    [InlineData("ML990101", false)]
    [InlineData("ml060201", false)]
    public void An_incident_place_is_a_pcode_of_the_gazetteer_at_any_level(string pcode, bool valid) => Assert.Equal(valid, Pcodes.IsPlace(pcode));

    [Fact]
    public void A_case_request_names_each_bad_field()
    {
        var errors = new CaseRequest(new SurvivorIdentity(new string('x', 201), null, null), null, "femme", -1, null, null, new ConsentRequest(true, null, null)).Validate();

        Assert.Equal(
            ["ageAtRegistration", "consent.referral", "consent.reporting", "riskLevel", "sex", "survivor.name"],
            errors.Fields.Keys.Order());
    }

    [Fact]
    public void An_incident_needs_a_known_type_a_past_date_and_a_commune()
    {
        var errors = new IncidentRequest("theft", Today.AddDays(1), null, "ML99", null, null).Validate(Today);

        Assert.Equal(["communePcode", "date", "perpetratorCategory", "type"], errors.Fields.Keys.Order());
    }

    [Fact]
    public void A_referral_goes_to_another_partner_or_to_an_outside_body_not_both()
    {
        Assert.Equal(["toPartnerId"], new ReferralRequest("legal_aid", null, null, null, null).Validate("amss").Fields.Keys);
        Assert.Equal(["toPartnerId"], new ReferralRequest("legal_aid", "amss", null, null, null).Validate("amss").Fields.Keys);
        Assert.Equal(["externalBody"], new ReferralRequest("legal_aid", "wildaf", new ExternalBodyRequest("court", "TGI"), null, null).Validate("amss").Fields.Keys);
        Assert.Equal(["externalBody.kind", "shares[0]"], new ReferralRequest("legal_aid", null, new ExternalBodyRequest("judge", "TGI"), ["address"], null).Validate("amss").Fields.Keys.Order());
        Assert.Empty(new ReferralRequest("legal_aid", null, new ExternalBodyRequest("truth_commission", "CVJR"), ["identity"], null).Validate("amss").Fields);
    }

    [Fact]
    public void Redress_obtained_needs_its_kind_and_date()
    {
        Assert.Equal(["date", "kind"], new RedressRequest("redress_obtained", null, null).Validate(Today).Fields.Keys.Order());
        Assert.Equal(["kind"], new RedressRequest("hearing_held", "compensation", null).Validate(Today).Fields.Keys);
    }
}
