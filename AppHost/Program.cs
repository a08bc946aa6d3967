// Compiled only with -p:WithAspire=true (see AppHost.csproj).
var builder = DistributedApplication.CreateBuilder(args);

// Data volumes keep queues and databases across restarts of the AppHost.
var messaging = builder.AddRabbitMQ("messaging")
    .WithManagementPlugin()
    .WithDataVolume();

var sql = builder.AddSqlServer("sql")
    .WithDataVolume();

// The first administrator's client; Aspire asks for the secret (or reads Parameters:identity-admin-secret).
var adminSecret = builder.AddParameter("identity-admin-secret", secret: true);

var identity = AddService<Projects.Identity>("identity")
    .WithEnvironment("Identity__BootstrapClientId", "platform-admin")
    .WithEnvironment("Identity__BootstrapClientSecret", adminSecret);

// Consumers (Activities, Funding) are started with everything else; the gateway only once all
// services answer /health, so no event can be raised before its consumers' queues exist.
var beneficiaries = AddService<Projects.Beneficiaries>("beneficiaries").WithIdentity(identity);
var activities = AddService<Projects.Activities>("activities").WithIdentity(identity);
// Survivor data is encrypted with this key (32 random bytes, base64); Aspire asks for it (or reads Parameters:grievances-encryption-key).
var grievancesKey = builder.AddParameter("grievances-encryption-key", secret: true);
var grievances = AddService<Projects.Grievances>("grievances").WithIdentity(identity)
    .WithEnvironment("Grievances__Encryption__ActiveKey", "k1")
    .WithEnvironment("Grievances__Encryption__Keys__k1", grievancesKey);
var funding = AddService<Projects.Funding>("funding").WithIdentity(identity);

// The gateway's YARP clusters read services__<name>__http__0, which WithReference injects.
builder.AddProject<Projects.Gateway>("gateway")
    .WithIdentity(identity)
    .WithReference(beneficiaries).WaitFor(beneficiaries)
    .WithReference(activities).WaitFor(activities)
    .WithReference(grievances).WaitFor(grievances)
    .WithReference(funding).WaitFor(funding)
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

    /// <summary>
    /// Validates partners' tokens against the identity service's published keys
    /// (services__identity__http__0 is the authority). Inside the AppHost's network it is
    /// reached over plain HTTP, hence no HTTPS requirement for its metadata.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithIdentity(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> identity) =>
        project
            .WithReference(identity).WaitFor(identity)
            .WithEnvironment("Identity__RequireHttpsMetadata", "false");
}
