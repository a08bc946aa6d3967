using GrievancesProgram = JusticePlatform.Grievances.Projections.Programs.KnownProgram;
using FundingProgram = JusticePlatform.Funding.Projections.Programs.KnownProgram;

namespace JusticePlatform.UnitTests.Activities;

/// <summary>Who may name a program, as Grievances and Funding know it from Activities' events.</summary>
public sealed class ProgramMembershipTests
{
    [Theory]
    [InlineData("amss", true)]
    [InlineData("wildaf", true)]
    [InlineData("stop-sahel", false)]
    [InlineData(null, false)]
    public void Only_the_lead_and_accepted_members_may_name_the_program(string? partner, bool included)
    {
        Assert.Equal(included, new GrievancesProgram { LeadPartnerId = "amss", MemberPartnerIds = ["wildaf"] }.Includes(partner));
        Assert.Equal(included, new FundingProgram { LeadPartnerId = "amss", MemberPartnerIds = ["wildaf"] }.Includes(partner));
    }
}
