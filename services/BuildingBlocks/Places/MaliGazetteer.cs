using System.Globalization;
using System.Text;

namespace JusticePlatform.BuildingBlocks.Places;

/// <summary>The levels of Mali's administrative hierarchy, from the country down to the commune.</summary>
public enum PlaceLevel
{
    Country = 0,
    Region = 1,
    Cercle = 2,
    Commune = 3,
}

/// <summary>A region (adm1), cercle (adm2) or commune (adm3) with its P-code, French name and parent.</summary>
public sealed record Place(string Pcode, string Name, PlaceLevel Level, string? ParentPcode, bool Verified);

/// <summary>A commune (adm3) with its cercle (adm2) and region (adm1).</summary>
public sealed record Commune(string Adm1Pcode, string Adm1Name, string Adm2Pcode, string Adm2Name, string Adm3Pcode, string Adm3Name, bool Verified);

/// <summary>
/// Mali's regions, cercles and communes with their OCHA COD-AB P-codes, read from the
/// HXL-tagged CSV shipped in this assembly, so every service validates and rolls up places the
/// same way. Columns are found by their HXL tag, not their position, so a newer COD-AB export can
/// replace the file as it is. Each record keeps the <see cref="Version"/> it was coded against,
/// because codes changed with the 2023 regions.
/// </summary>
public sealed class MaliGazetteer
{
    public const string CountryPcode = "ML";
    private const string ResourceName = "JusticePlatform.BuildingBlocks.Places.mali-cod-ab.csv";

    /// <summary>
    /// Spellings partners use that the French names do not match even without accents, each mapped
    /// to the French name. Sources (see Places/README.md): English exonyms of Wikipedia's "Regions of
    /// Mali" and "Cercles of Mali" (Timbuktu, Timbuctoo, Jenne, Nioro du Sahel), and names of the
    /// COD-AB 2015 edition (Koulikouro; the communes Goundam Commune and Rharous, seats of their cercles).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NameVariants = new Dictionary<string, string>
    {
        ["Timbuktu"] = "Tombouctou",
        ["Timbuctoo"] = "Tombouctou",
        ["Jenne"] = "Djenné",
        ["Nioro du Sahel"] = "Nioro",
        ["Koulikouro"] = "Koulikoro",
        ["Goundam Commune"] = "Goundam",
        ["Rharous"] = "Gourma-Rharous",
    };

    private static readonly Lazy<MaliGazetteer> EmbeddedGazetteer = new(LoadEmbedded);

    private readonly Dictionary<string, Place> _places;
    private readonly Dictionary<string, Commune> _communes;
    private readonly ILookup<string, Place> _children;
    private readonly ILookup<string, Place> _byName;

    public MaliGazetteer(IEnumerable<Place> places, string version)
    {
        _places = places.ToDictionary(p => p.Pcode, StringComparer.Ordinal);
        _children = _places.Values.ToLookup(p => p.ParentPcode ?? CountryPcode, StringComparer.Ordinal);
        _byName = _places.Values.ToLookup(p => Fold(p.Name), StringComparer.Ordinal);
        _communes = _places.Values.Where(p => p.Level == PlaceLevel.Commune).ToDictionary(p => p.Pcode, p =>
        {
            var cercle = _places[p.ParentPcode!];
            var region = _places[cercle.ParentPcode!];
            return new Commune(region.Pcode, region.Name, cercle.Pcode, cercle.Name, p.Pcode, p.Name, p.Verified);
        }, StringComparer.Ordinal);
        Version = version;
    }

    public string Version { get; }

    /// <summary>The gazetteer shipped in this assembly, read once: the one every service validates against.</summary>
    public static MaliGazetteer Embedded => EmbeddedGazetteer.Value;

    public IReadOnlyCollection<Place> Places => _places.Values;

    public IReadOnlyCollection<Commune> Communes => _communes.Values;

    public IEnumerable<Place> Regions => Children(CountryPcode);

    public bool TryFindCommune(string? pcode, out Commune commune)
    {
        commune = null!;
        return pcode is not null && _communes.TryGetValue(pcode, out commune!);
    }

    public bool TryFind(string? pcode, out Place place)
    {
        place = null!;
        return pcode is not null && _places.TryGetValue(pcode, out place!);
    }

    /// <summary>The places directly below a P-code (the regions below <see cref="CountryPcode"/>), by P-code.</summary>
    public IEnumerable<Place> Children(string pcode) => _children[pcode].OrderBy(p => p.Pcode, StringComparer.Ordinal);

    /// <summary>
    /// The P-code of the place at <paramref name="level"/> that contains <paramref name="pcode"/>,
    /// or null when the place is unknown or lies above that level (a region has no cercle).
    /// </summary>
    public string? Ancestor(string? pcode, PlaceLevel level)
    {
        if (!TryFind(pcode, out var place) || place.Level < level) return null;
        if (level == PlaceLevel.Country) return CountryPcode;
        while (place.Level > level) place = _places[place.ParentPcode!];
        return place.Pcode;
    }

    /// <summary>
    /// Where a record made at <paramref name="pcode"/> counts when figures are shown at
    /// <paramref name="level"/>: its ancestor at that level, or the place itself when it was
    /// recorded higher up, because a region-level record cannot be placed in one of its cercles.
    /// An unknown code stays as it is, so nothing recorded disappears from a report.
    /// </summary>
    public string RollUp(string pcode, PlaceLevel level) => Ancestor(pcode, level) ?? pcode;

    /// <summary>The French name of a P-code (the country's name for <see cref="CountryPcode"/>), or the code itself.</summary>
    public string NameOf(string pcode) => pcode == CountryPcode ? "Mali" : _places.TryGetValue(pcode, out var place) ? place.Name : pcode;

    /// <summary>
    /// Places whose name is <paramref name="name"/> ignoring case, accents, hyphens and apostrophes,
    /// or a known variant of it; when none is, the places whose name starts with it.
    /// </summary>
    public IReadOnlyList<Place> FindByName(string name)
    {
        var folded = Fold(name);
        if (folded.Length == 0) return [];
        var variant = NameVariants.FirstOrDefault(v => Fold(v.Key) == folded).Value;
        var exact = _byName[folded].Concat(variant is null ? [] : _byName[Fold(variant)]).Distinct().ToList();
        var found = exact.Count > 0 ? exact : _places.Values.Where(p => Fold(p.Name).StartsWith(folded, StringComparison.Ordinal));
        return [.. found.OrderBy(p => p.Level).ThenBy(p => p.Pcode, StringComparer.Ordinal)];
    }

    /// <summary>Lower case, without accents, with hyphens, apostrophes and runs of spaces made one space.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var folded = char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ';
            if (folded == ' ' && (builder.Length == 0 || builder[^1] == ' ')) continue;
            builder.Append(folded);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// The length of a P-code at <paramref name="level"/> (ML, then two digits per level). Codes nest:
    /// <see cref="Parse"/> refuses a file where a code does not start with its parent's, so a database
    /// query rolls a place up by its code's prefix and gets <see cref="RollUp"/>'s answer.
    /// </summary>
    public static int CodeLength(PlaceLevel level) => CountryPcode.Length + 2 * (int)level;

    /// <summary>A level's name as the API takes it (country, region, cercle, commune).</summary>
    public static bool TryParseLevel(string? text, out PlaceLevel level) =>
        Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);

    public static MaliGazetteer LoadEmbedded()
    {
        using var stream = typeof(MaliGazetteer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The gazetteer resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static MaliGazetteer Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tagLine = Array.FindIndex(lines, l => l.StartsWith('#'));
        if (tagLine < 0)
        {
            throw new InvalidOperationException("The gazetteer has no HXL tag row.");
        }

        var tags = lines[tagLine].Split(',');
        int Column(string tag) => Array.FindIndex(tags, t => t.StartsWith(tag, StringComparison.OrdinalIgnoreCase));
        int adm1 = Column("#adm1+code"), adm1Name = Column("#adm1+name"), adm2 = Column("#adm2+code"), adm2Name = Column("#adm2+name");
        int adm3 = Column("#adm3+code"), adm3Name = Column("#adm3+name"), version = Column("#meta+version"), status = Column("#status");

        var places = new Dictionary<string, Place>(StringComparer.Ordinal);
        var versions = new HashSet<string>();
        foreach (var cells in lines.Skip(tagLine + 1).Select(l => l.Split(',')))
        {
            string Cell(int column) => column >= 0 && column < cells.Length ? cells[column] : "";
            if (version >= 0) versions.Add(Cell(version));
            var verified = status < 0 || Cell(status) == "verified";

            // A commune row names its cercle and region too; those are only added from such a row
            // when the file has no row of their own, and then as unverified.
            var levels = new[] { (Cell(adm1), Cell(adm1Name), (string?)null), (Cell(adm2), Cell(adm2Name), Cell(adm1)), (Cell(adm3), Cell(adm3Name), Cell(adm2)) };
            var deepest = Array.FindLastIndex(levels, l => l.Item1.Length > 0);
            for (var i = 0; i <= deepest; i++)
            {
                var (pcode, name, parent) = levels[i];
                if (pcode.Length == 0 || (parent is not null && parent.Length == 0))
                {
                    throw new InvalidOperationException($"The gazetteer row for {levels[deepest].Item1} misses the code of one of its parents.");
                }

                if (pcode.Length != CodeLength((PlaceLevel)(i + 1)) || !pcode.StartsWith(parent ?? CountryPcode, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The gazetteer code {pcode} does not nest in {parent ?? CountryPcode}.");
                }

                var place = new Place(pcode, name, (PlaceLevel)(i + 1), parent, verified && i == deepest);
                if (i == deepest || !places.ContainsKey(pcode)) places[pcode] = place;
            }
        }

        return new MaliGazetteer(places.Values, versions.Count == 1 ? versions.Single() : string.Join('+', versions.Order()));
    }
}
