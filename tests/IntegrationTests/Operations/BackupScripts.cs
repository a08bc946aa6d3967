using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>Runs scripts/backup.sh and scripts/restore.sh with bash, as an operator does, against the tests' PostgreSQL server.</summary>
internal static class BackupScripts
{
    /// <param name="settings">The scripts' environment variables beside the server's (DATABASE_PREFIX, BACKUP_SERVICES, the key files).</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, string adminConnectionString, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var root = BuiltAssembly.RepositoryRoot();
        var server = new NpgsqlConnectionStringBuilder(adminConnectionString);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = server.Host;
        start.Environment["PGPORT"] = server.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = server.Username;
        start.Environment["PGPASSWORD"] = server.Password;
        foreach (var (variable, value) in settings)
        {
            start.Environment[variable] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} was still running after three minutes: {await output} {await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    public static async Task SucceedsAsync(string script, string adminConnectionString, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(script, adminConnectionString, settings, arguments);
        Assert.True(exitCode == 0, $"{script} exited with {exitCode}: {output}");
    }
}
