using System.Reflection;

namespace JusticePlatform.Beneficiaries.Gazetteer;

/// <summary>A commune (adm3) with its cercle (adm2) and region (adm1).</summary>
public sealed record Commune(string Adm1Pcode, string Adm1Name, string Adm2Pcode, string Adm2Name, string Adm3Pcode, string Adm3Name, bool Verified);

/// <summary>
/// Mali's regions, cercles and communes with their OCHA COD-AB P-codes, read from the
/// HXL-tagged CSV shipped with the service. Columns are found by their HXL tag, not their
/// position, so a newer COD-AB export can replace the file as it is. Each record keeps the
/// <see cref="Version"/> it was coded against, because codes changed with the 2023 regions.
/// </summary>
public sealed class MaliGazetteer
{
    private const string ResourceName = "JusticePlatform.Beneficiaries.Gazetteer.mali-cod-ab.csv";
    private readonly Dictionary<string, Commune> _communes;

    public MaliGazetteer(IEnumerable<Commune> communes, string version)
    {
        _communes = communes.ToDictionary(c => c.Adm3Pcode, StringComparer.Ordinal);
        Version = version;
    }

    public string Version { get; }

    public IReadOnlyCollection<Commune> Communes => _communes.Values;

    public bool TryFindCommune(string? pcode, out Commune commune)
    {
        commune = null!;
        return pcode is not null && _communes.TryGetValue(pcode, out commune!);
    }

    public static MaliGazetteer LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
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

        var communes = new List<Commune>();
        var versions = new HashSet<string>();
        foreach (var cells in lines.Skip(tagLine + 1).Select(l => l.Split(',')))
        {
            if (version >= 0) versions.Add(cells[version]);
            if (string.IsNullOrEmpty(cells[adm3]))
            {
                continue; // a region or cercle row: kept in the file for reference, communes are what records point to
            }

            communes.Add(new Commune(cells[adm1], cells[adm1Name], cells[adm2], cells[adm2Name], cells[adm3], cells[adm3Name],
                Verified: status < 0 || cells[status] == "verified"));
        }

        return new MaliGazetteer(communes, versions.Count == 1 ? versions.Single() : string.Join('+', versions.Order()));
    }
}
