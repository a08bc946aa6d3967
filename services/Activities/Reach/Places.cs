namespace JusticePlatform.Activities.Reach;

/// <summary>The places a figure can be rolled up to, from the finest the rows hold (the activity's commune).</summary>
public enum PlaceLevel
{
    /// <summary>No place: the whole program.</summary>
    None,

    Region,
    Commune,
}

/// <summary>
/// Where a commune lies, from its P-code alone (OCHA COD-AB: ML, then two digits per level). The
/// one place that says how a commune's P-code gives its region: reports use <see cref="RegionOf"/>
/// in memory and <see cref="RegionCodeLength"/> in the database (a prefix), so a further level
/// (the cercle, ML + 4 digits) is added here.
/// </summary>
public static class Places
{
    /// <summary>A region's P-code is ML and two digits: the first four characters of the P-code of any place in it.</summary>
    public const int RegionCodeLength = 4;

    public static string RegionOf(string pcode) => pcode.Length <= RegionCodeLength ? pcode : pcode[..RegionCodeLength];
}
