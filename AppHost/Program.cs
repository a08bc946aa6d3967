// Compiled only with -p:WithAspire=true (see AppHost.csproj).
var builder = DistributedApplication.CreateBuilder(args);

// Data volumes keep queues and databases across restarts of the AppHost.
var messaging = builder.AddRabbitMQ("messaging")
    .WithManagementPlugin()
    .WithDataVolume();

var sql = builder.AddSqlServer("sql")
    .WithDataVolume();

var beneficiaries = AddService<Projects.Beneficiaries>("beneficiaries");
var activities = AddService<Projects.Activities>("activities");
var grievances = AddService<Projects.Grievances>("grievances");
var funding = AddService<Projects.Funding>("funding");
var identity = AddService<Projects.Identity>("identity");

// The gateway's YARP clusters read services__<name>__http__0, which WithReference injects.
builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(beneficiaries).WaitFor(beneficiaries)
    .WithReference(activities).WaitFor(activities)
    .WithReference(grievances).WaitFor(grievances)
    .WithReference(funding).WaitFor(funding)
    .WithReference(identity).WaitFor(identity)
    .WithHttp()
    .WithExternalHttpEndpoints();

builder.Build().Run();

// One database per service; the service's resource name becomes its discovery name.
IResourceBuilder<ProjectResource> AddService<TProject>(string name)
    where TProject : IProjectMetadata, new()
{
    var database = sql.AddDatabase($"{name}db");
    return builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        // The services choose their EF Core provider from Database:Provider, and Aspire runs SQL Server.
        .WithEnvironment("Database__Provider", "SqlServer")
        .WithHttp();
}

internal static class ProjectResourceExtensions
{
    /// <summary>
    /// Makes sure the project has an "http" endpoint even when its launch profile has none (or it has
    /// no launchSettings.json at all): the gateway routes and the health check both need one.
    /// The health check is what WaitFor waits on, so dependants start only once /health answers.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttp(this IResourceBuilder<ProjectResource> project) =>
        project
            .WithEndpoint("http", endpoint => endpoint.UriScheme = "http")
            .WithHttpHealthCheck("/health");
}
