using System.Diagnostics;
using Aspire.Hosting.Testing;

namespace JusticePlatform.AppHostTests;

/// <summary>Settings the AppHost refuses at start-up, before it starts anything.</summary>
public sealed class AppHostSettingsTests
{
    [Fact]
    public async Task Existing_servers_without_their_connection_strings_stop_the_apphost_with_a_message_naming_them()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Servers=existing"]);
            await using var app = await builder.BuildAsync();
        });

        var message = Innermost(failure).Message;
        Assert.Contains("ConnectionStrings:messaging", message);
        Assert.Contains("ConnectionStrings:redis", message);
        Assert.Contains("ConnectionStrings:beneficiariesdb", message);
    }

    [Fact]
    public async Task A_replica_count_outside_one_to_ten_stops_the_apphost_with_a_message_naming_the_setting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Servers=existing", "--Platform:Replicas=0"]);
            await using var app = await builder.BuildAsync();
        });

        Assert.Contains("Platform:Replicas is '0'; it must be a whole number from 1 to 10.", Innermost(failure).Message);
    }

    [Fact]
    public async Task Containers_where_no_container_engine_answers_stop_the_apphost_at_once_with_a_message()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "JusticePlatform.AppHost.dll"), "--Platform:Servers=containers"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPIRE_CONTAINER_RUNTIME"] = "no-such-container-engine";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("the container engine does not answer (no-such-container-engine is not installed)", await errors);
        Assert.DoesNotContain("Distributed application starting", await output);
    }

    private static Exception Innermost(Exception exception) =>
        exception.InnerException is { } inner ? Innermost(inner) : exception;
}
