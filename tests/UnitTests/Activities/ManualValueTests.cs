using JusticePlatform.Activities.Frameworks;

namespace JusticePlatform.UnitTests.Activities;

public sealed class ManualValueTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ManualValue Value(string by, string status, DateTimeOffset enteredAt, DateTimeOffset? reviewedAt = null, string text = "") =>
        new() { Id = Guid.NewGuid(), EnteredBy = by, Status = status, EnteredAt = enteredAt, ReviewedAt = reviewedAt, Text = text };

    [Fact]
    public void A_new_value_waits_for_the_lead_unless_the_lead_entered_it()
    {
        Assert.Equal(ManualValueStatus.Pending, ManualValues.StatusOfNew(enteredByLead: false));
        Assert.Equal(ManualValueStatus.Accepted, ManualValues.StatusOfNew(enteredByLead: true));
    }

    [Fact]
    public void A_pending_or_rejected_value_never_counts_even_when_it_is_the_latest()
    {
        var leads = Value("amss", ManualValueStatus.Accepted, Monday, text: "lead");
        var pending = Value("wildaf", ManualValueStatus.Pending, Monday.AddDays(1), text: "pending");
        var rejected = Value("wildaf", ManualValueStatus.Rejected, Monday.AddDays(2), Monday.AddDays(3), text: "rejected");

        Assert.Equal("lead", ManualValues.Counted([leads, pending, rejected])!.Text);
        Assert.Null(ManualValues.Counted([pending, rejected]));
    }

    [Fact]
    public void A_members_value_counts_from_the_moment_the_lead_accepts_it()
    {
        var members = Value("wildaf", ManualValueStatus.Accepted, Monday, reviewedAt: Monday.AddDays(2), text: "member");
        var leadsEarlier = Value("amss", ManualValueStatus.Accepted, Monday.AddDays(1), text: "lead");

        Assert.Equal("member", ManualValues.Counted([members, leadsEarlier])!.Text);
    }

    [Fact]
    public void Only_the_lead_may_replace_the_leads_value()
    {
        var existing = new[] { Value("amss", ManualValueStatus.Accepted, Monday) };

        Assert.True(ManualValues.OverwritesLead(existing, "amss", enteredByLead: false));
        Assert.False(ManualValues.OverwritesLead(existing, "amss", enteredByLead: true));
        Assert.False(ManualValues.OverwritesLead([Value("wildaf", ManualValueStatus.Pending, Monday)], "amss", enteredByLead: false));
    }
}
