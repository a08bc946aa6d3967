using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <summary>
/// Keys under which two registrations of the same person meet: the normalised name with sex,
/// birth year and commune, and the phone number. They are keyed hashes (HMAC-SHA256 with a
/// platform secret kept out of the database, <c>Beneficiaries:MatchKeySecret</c>), so a copy of
/// the table does not give names or phone numbers back to a dictionary attack.
/// </summary>
public sealed class MatchKeys(byte[] secret)
{
    public const string SecretSetting = "Beneficiaries:MatchKeySecret";

    /// <summary>The secret from configuration: at least 32 characters, never a default.</summary>
    public static MatchKeys FromConfiguration(IConfiguration configuration)
    {
        var secret = configuration[SecretSetting];
        if (string.IsNullOrEmpty(secret) || secret.Length < 32)
        {
            throw new InvalidOperationException($"{SecretSetting} is missing or shorter than 32 characters: the key of the duplicate match hashes, kept out of the database.");
        }

        return new MatchKeys(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Lower case, no accents, no punctuation, name parts sorted ("Maïga Aminata" = "aminata MAIGA").</summary>
    public static string NormaliseName(string? givenName, string? familyName)
    {
        var decomposed = $"{givenName} {familyName}".Normalize(NormalizationForm.FormD);
        var letters = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            letters.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return string.Join(' ', letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    /// <summary>Mali numbers have eight digits after the +223 country code; anything else is not a phone number.</summary>
    public static string? NormalisePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("00223", StringComparison.Ordinal)) digits = digits[5..];
        else if (digits.StartsWith("223", StringComparison.Ordinal) && digits.Length == 11) digits = digits[3..];
        return digits.Length == 8 && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '.' or '(' or ')') ? "+223" + digits : null;
    }

    public string? PersonKey(string? givenName, string? familyName, string sex, int? birthYear, string commune)
    {
        var name = NormaliseName(givenName, familyName);
        return name.Length == 0 || birthYear is null ? null : Hash($"{name}|{sex}|{birthYear}|{commune}");
    }

    public string? PhoneKey(string? normalisedPhone) => normalisedPhone is null ? null : Hash(normalisedPhone);

    private string Hash(string value) => Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(value)));
}
