using System.Net.Http.Json;
using JusticePlatform.Activities.Data;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests;

/// <summary>
/// The foundation's thin slice, started for real: Beneficiaries publishes through its outbox,
/// Activities consumes through its inbox, each on its own database, both on this test's
/// virtual host.
/// </summary>
internal sealed class Slice : IAsyncDisposable
{
    private Slice(TestResources resources, ServiceHost<BeneficiariesDbContext> beneficiaries, ServiceHost<ActivitiesDbContext> activities)
    {
        Resources = resources;
        Beneficiaries = beneficiaries;
        Activities = activities;
        BeneficiariesClient = beneficiaries.CreateClient();
        ActivitiesClient = activities.CreateClient();
    }

    public TestResources Resources { get; }
    public ServiceHost<BeneficiariesDbContext> Beneficiaries { get; }
    public ServiceHost<ActivitiesDbContext> Activities { get; }
    public HttpClient BeneficiariesClient { get; }
    public HttpClient ActivitiesClient { get; }

    public static async Task<Slice> StartAsync(
        string testClass,
        Func<TestResources, string>? beneficiariesMessaging = null,
        Action<IServiceCollection>? activitiesServices = null)
    {
        var resources = await TestResources.CreateAsync(testClass);
        var beneficiaries = new ServiceHost<BeneficiariesDbContext>(resources.ServiceSettings("beneficiaries", beneficiariesMessaging?.Invoke(resources)));
        var activities = new ServiceHost<ActivitiesDbContext>(resources.ServiceSettings("activities"), activitiesServices);
        var slice = new Slice(resources, beneficiaries, activities);
        // A service is ready once its database is migrated and its bus has bound its queues;
        // an event published before its consumer's queue exists would have nowhere to go.
        await Ready.WaitAsync(slice.BeneficiariesClient);
        await Ready.WaitAsync(slice.ActivitiesClient);
        return slice;
    }

    public static object ValidRegistration(string commune = "ML060201") => new
    {
        givenName = "Aminata",
        familyName = "Maïga",
        sex = "female",
        birthDate = "1994-03-12",
        displacementStatus = "idp",
        communePcode = commune,
        consent = new { given = true, date = "2026-11-01" },
    };

    public async Task<Guid> RegisterAsync(string commune = "ML060201")
    {
        var response = await BeneficiariesClient.PostAsJsonAsync("/api/v1/beneficiaries", ValidRegistration(commune));
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<Created>();
        return created!.Id;
    }

    public async Task<T> BeneficiariesDb<T>(Func<BeneficiariesDbContext, Task<T>> query)
    {
        await using var scope = Beneficiaries.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>());
    }

    public async Task<T> ActivitiesDb<T>(Func<ActivitiesDbContext, Task<T>> query)
    {
        await using var scope = Activities.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ActivitiesDbContext>());
    }

    public Task<int> ProjectedCountAsync() => ActivitiesDb(db => db.KnownBeneficiaries.CountAsync());

    public async ValueTask DisposeAsync()
    {
        BeneficiariesClient.Dispose();
        ActivitiesClient.Dispose();
        await Beneficiaries.DisposeAsync();
        await Activities.DisposeAsync();
        await Resources.DisposeAsync();
    }

    private sealed record Created(Guid Id);
}
