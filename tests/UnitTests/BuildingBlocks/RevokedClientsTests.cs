using System.Security.Claims;
using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class RevokedClientsTests
{
    private static readonly DateTimeOffset RotatedAt = new(2026, 12, 5, 15, 57, 17, 400, TimeSpan.Zero);

    [Fact]
    public void A_token_issued_in_the_same_second_but_before_the_rotation_is_refused() =>
        Assert.True(Rotated().IsRevoked("field-office", IssuedAt(Token(milliseconds: RotatedAt.AddMilliseconds(-300)))));

    [Fact]
    public void A_token_issued_in_the_same_second_after_the_rotation_is_accepted() =>
        Assert.False(Rotated().IsRevoked("field-office", IssuedAt(Token(milliseconds: RotatedAt.AddMilliseconds(300)))));

    [Fact]
    public void A_token_with_whole_seconds_only_from_the_rotations_second_is_refused() =>
        Assert.True(Rotated().IsRevoked("field-office", IssuedAt(Token(seconds: RotatedAt.AddMilliseconds(300)))));

    [Fact]
    public void A_token_with_whole_seconds_only_from_the_second_after_the_rotation_is_accepted() =>
        Assert.False(Rotated().IsRevoked("field-office", IssuedAt(Token(seconds: RotatedAt.AddSeconds(1)))));

    [Fact]
    public void A_token_without_an_issue_time_of_a_rotated_client_is_refused() =>
        Assert.True(Rotated().IsRevoked("field-office", IssuedAt(Token())));

    [Fact]
    public void Another_clients_token_is_not_touched_by_a_rotation() =>
        Assert.False(Rotated().IsRevoked("head-office", IssuedAt(Token(seconds: RotatedAt.AddMinutes(-5)))));

    private static RevokedClients Rotated()
    {
        var revoked = new RevokedClients();
        revoked.Replace([new RevokedClients.Revocation("field-office", Disabled: false, RotatedAt)]);
        return revoked;
    }

    private static DateTimeOffset? IssuedAt(ClaimsPrincipal token) => RevokedClients.IssuedAt(token);

    private static ClaimsPrincipal Token(DateTimeOffset? seconds = null, DateTimeOffset? milliseconds = null)
    {
        var claims = new List<Claim>();
        if (seconds is { } s)
        {
            claims.Add(new Claim("iat", s.ToUnixTimeSeconds().ToString()));
        }

        if (milliseconds is { } ms)
        {
            claims.Add(new Claim("iat", ms.ToUnixTimeSeconds().ToString()));
            claims.Add(new Claim(PartnerClaims.IssuedAtMilliseconds, ms.ToUnixTimeMilliseconds().ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims));
    }
}
