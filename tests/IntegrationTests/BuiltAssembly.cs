namespace JusticePlatform.IntegrationTests;

/// <summary>A service's own build output, to run it as a process the way a deployment does.</summary>
internal static class BuiltAssembly
{
    /// <param name="projectDirectory">The project's folder from the repository root, e.g. "services/Funding".</param>
    /// <param name="project">The project's name, e.g. "Funding".</param>
    public static string Of(string projectDirectory, string project)
    {
        // Beside the tests' own output, in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = Path.Combine(RepositoryRoot(), projectDirectory, "bin", configuration, "net10.0", $"JusticePlatform.{project}.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built.");
    }

    /// <summary>The folder of JusticePlatform.sln above the tests' output: where the scripts are.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "JusticePlatform.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }

        return root.FullName;
    }
}
