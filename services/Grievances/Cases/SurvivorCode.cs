using System.Security.Cryptography;

namespace JusticePlatform.Grievances.Cases;

/// <summary>The pseudonymous code a case is known by in lists, exports and referrals (SRV-XXXXXXXXXX, Crockford base 32).</summary>
public static class SurvivorCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        // 50 random bits: nothing about the survivor, the partner or the date can be read from it.
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return "SRV-" + new string(chars);
    }
}
