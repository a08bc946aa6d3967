using Microsoft.Extensions.Configuration;

using System.ComponentModel;
using System.Diagnostics;

namespace JusticePlatform.AppHost;

/// <summary>Whether Docker (or the engine ASPIRE_CONTAINER_RUNTIME names) answers, asked once and briefly.</summary>
public static class ContainerEngine
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static bool Answers(IConfiguration config, out string error)
    {
        var runtime = config["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } configured ? configured : "docker";
        var start = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Patience))
            {
                process.Kill(entireProcessTree: true);
                error = $"`{runtime} info` gave no answer in {Patience.TotalSeconds:0} s";
                return false;
            }

            error = process.ExitCode == 0 ? "" : $"`{runtime} info`: {FirstLine(stderr.Result)}";
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            error = $"{runtime} is not installed";
            return false;
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
