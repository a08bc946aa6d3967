namespace JusticePlatform.TestSupport;

/// <summary>
/// One platform for all the tests of a class (xunit class fixture), for classes whose tests
/// only read or add their own records. Derive it to choose what starts.
/// </summary>
public abstract class PlatformFixture : Xunit.IAsyncLifetime
{
    public TestPlatform Platform { get; private set; } = null!;

    protected abstract PlatformOptions Options { get; }

    /// <summary>The partners the class's tests name without ever signing in as them (a referral's receiver): registered through Identity once the platform runs.</summary>
    protected virtual string[] RegisteredPartners => [];

    /// <summary>What must be had before <see cref="Options"/> is read (a server's address, say).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        Platform = await TestPlatform.StartAsync(GetType().Name, Options);
        if (RegisteredPartners.Length > 0)
        {
            await Platform.RegisterPartnersAsync(RegisteredPartners);
        }
    }

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
