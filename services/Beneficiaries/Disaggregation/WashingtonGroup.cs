namespace JusticePlatform.Beneficiaries.Disaggregation;

/// <summary>
/// Answers to the Washington Group short set: one per domain, coded 1 no difficulty, 2 some
/// difficulty, 3 a lot of difficulty, 4 cannot do at all. A missing answer is null.
/// </summary>
public sealed record WashingtonGroupAnswers(int? Seeing, int? Hearing, int? Walking, int? Cognition, int? SelfCare, int? Communication)
{
    public static readonly WashingtonGroupAnswers None = new(null, null, null, null, null, null);

    public IEnumerable<(string Domain, int? Answer)> Domains =>
    [
        ("seeing", Seeing), ("hearing", Hearing), ("walking", Walking),
        ("cognition", Cognition), ("selfCare", SelfCare), ("communication", Communication),
    ];
}

public static class WashingtonGroup
{
    public const int NoDifficulty = 1;
    public const int SomeDifficulty = 2;
    public const int ALotOfDifficulty = 3;
    public const int CannotDoAtAll = 4;

    public static bool IsValidAnswer(int answer) => answer is >= NoDifficulty and <= CannotDoAtAll;

    /// <summary>The Washington Group's recommended cut-off: any domain "a lot of difficulty" or "cannot do at all".</summary>
    public static bool HasDisability(WashingtonGroupAnswers answers) =>
        answers.Domains.Any(d => d.Answer is ALotOfDifficulty or CannotDoAtAll);
}
