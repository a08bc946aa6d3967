namespace JusticePlatform.TestSupport;

/// <summary>
/// One platform for all the tests of a class (xunit class fixture), for classes whose tests
/// only read or add their own records. Derive it to choose what starts.
/// </summary>
public abstract class PlatformFixture : Xunit.IAsyncLifetime
{
    public TestPlatform Platform { get; private set; } = null!;

    protected abstract PlatformOptions Options { get; }

    public async Task InitializeAsync() => Platform = await TestPlatform.StartAsync(GetType().Name, Options);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
