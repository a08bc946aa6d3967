using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using JusticePlatform.TestSupport;

namespace JusticePlatform.ClientContractTests;

public sealed class TypeScriptClientFixture : PlatformFixture
{
    /// <summary>The partner whose integration the TypeScript flow is.</summary>
    public const string Partner = "tassaght";

    /// <summary>The partner the flow refers its grievance case to: registered, never signed in as.</summary>
    public const string ReferralPartner = "wildaf";

    protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true };

    protected override string[] RegisteredPartners => [Partner, ReferralPartner];
}

/// <summary>
/// A second client in another language: a partner's TypeScript integration (typescript/flow.ts) typed
/// with openapi-typescript from the checked-in document at test time and sent with openapi-fetch. It
/// compiles under tsc --strict only while the document describes every call it makes, and then runs
/// across the four services through the gateway. Node.js and npm must be on the PATH (scripts/test.sh
/// installs them).
/// </summary>
[Collection(GeneratedClientTests.GeneratedClients)]
public sealed partial class TypeScriptClientTests(TypeScriptClientFixture fixture) : IClassFixture<TypeScriptClientFixture>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim NpmInstall = new(1, 1);

    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_typescript_client_generated_from_the_document_runs_a_partners_flow_across_the_four_services()
    {
        var folder = ClientFolder();
        await InstallPackagesAsync(folder);
        await RunAsync(folder, "generate the types from the document",
            "node_modules/openapi-typescript/bin/cli.js", "../platform.openapi.json", "--output", "generated/platform.d.ts");
        await RunAsync(folder, "type-check and compile with tsc --strict",
            "node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--strict");

        var output = await RunAsync(folder, "run the partner's flow through the gateway", new Dictionary<string, string>
        {
            ["PLATFORM_GATEWAY_URL"] = _platform.Gateway!.Address.ToString().TrimEnd('/'),
            ["PLATFORM_ADMIN_CLIENT_ID"] = TestPlatform.AdminClientId,
            ["PLATFORM_ADMIN_CLIENT_SECRET"] = TestPlatform.AdminClientSecret,
            ["PLATFORM_PARTNER_ID"] = TypeScriptClientFixture.Partner,
            ["PLATFORM_REFERRAL_PARTNER_ID"] = TypeScriptClientFixture.ReferralPartner,
        }, "build/flow.js");

        Assert.Contains("The partner's flow ran through", output);
    }

    [Fact]
    public void The_typescript_flow_neither_uses_any_nor_casts_around_the_generated_types()
    {
        var code = CommentOrString().Replace(File.ReadAllText(Path.Combine(ClientFolder(), "flow.ts")), " ");

        var loopholes = AnyOrCast().Matches(code).Select(m => m.Value.Trim()).ToList();

        Assert.True(loopholes.Count == 0, "typescript/flow.ts weakens the generated types with: " + string.Join(", ", loopholes));
    }

    /// <summary>npm ci once for a lock file: node_modules stays in the folder, marked with the lock file's hash.</summary>
    private static async Task InstallPackagesAsync(string folder)
    {
        await NpmInstall.WaitAsync();
        try
        {
            var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(folder, "package-lock.json"))));
            var stamp = Path.Combine(folder, "node_modules", ".installed-from-lock");
            if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash)
            {
                return;
            }

            await RunProcessAsync(folder, "npm ci", "npm", new Dictionary<string, string>(), ["ci", "--no-audit", "--no-fund"]);
            await File.WriteAllTextAsync(stamp, lockHash);
        }
        finally
        {
            NpmInstall.Release();
        }
    }

    private static Task<string> RunAsync(string folder, string step, params string[] nodeArguments) =>
        RunAsync(folder, step, new Dictionary<string, string>(), nodeArguments);

    private static Task<string> RunAsync(string folder, string step, IReadOnlyDictionary<string, string> environment, params string[] nodeArguments) =>
        RunProcessAsync(folder, step, "node", environment, nodeArguments);

    private static async Task<string> RunProcessAsync(
        string folder, string step, string program, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException($"{step}: '{program}' is not installed (scripts/test.sh installs Node.js and npm).", missing);
        }

        using (process)
        {
            var output = new StringBuilder();
            process.OutputDataReceived += (_, line) => Append(line.Data);
            process.ErrorDataReceived += (_, line) => Append(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(StepTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{step}: still running after {StepTimeout}:\n{Text()}");
            }

            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{step} failed (exit code {process.ExitCode}):\n{Text()}");
            return Text();

            void Append(string? line)
            {
                if (line is null) return;
                lock (output) output.AppendLine(line);
            }

            string Text()
            {
                lock (output) return output.ToString();
            }
        }
    }

    private static string ClientFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "ClientContractTests", "typescript");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/ClientContractTests/typescript was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"\bany\b|\bas\s+(?!const\b)[\w{(\[]|(?:[=(,]|\breturn)\s*<\s*[A-Z]\w*\s*>|!\s*[.;,)\]]")]
    private static partial Regex AnyOrCast();
}
