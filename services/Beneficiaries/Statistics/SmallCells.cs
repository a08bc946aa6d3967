namespace JusticePlatform.Beneficiaries.Statistics;

/// <summary>
/// Figures that leave the platform never show a count below 5, which could single a person
/// out in a small commune: such a cell reads "&lt;5".
/// </summary>
public static class SmallCells
{
    public const int Threshold = 5;
    public const string Suppressed = "<5";

    public static string Show(long count) => count < Threshold ? Suppressed : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
