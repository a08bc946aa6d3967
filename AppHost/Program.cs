using JusticePlatform.AppHost;

// The whole platform: the broker and the databases (Platform:Servers picks where they come from),
// the identity service, the four services and the gateway, with the Aspire dashboard.
var builder = DistributedApplication.CreateBuilder(args);
var settings = PlatformSettings.Read(builder);

if (settings.Servers == ServersMode.Containers && !ContainerEngine.Answers(builder.Configuration, out var engineError))
{
    Console.Error.WriteLine(
        $"Platform:Servers is 'containers' but the container engine does not answer ({engineError}). " +
        "Start Docker (or Podman), or run with Platform:Servers=local to use PostgreSQL and RabbitMQ from the OS packages.");
    return 1;
}

PlatformServers servers = settings.Servers switch
{
    ServersMode.Local => LocalServers.Add(builder, settings),
    ServersMode.Existing => ExistingServers.Add(builder),
    _ => ContainerServers.Add(builder),
};

var keyEncryptionKey = builder.Configuration[RunFolderKeys.KeyEncryptionKeySetting] is { Length: > 0 } kek
    ? builder.AddParameter("key-encryption-key", kek, secret: true)
    : null;

var adminClientSecret = builder.AddParameter("admin-client-secret", settings.AdminClientSecret, secret: true);
var identity = builder.AddPlatformProject<Projects.Identity>("identity", settings, servers, project => project
    .WithEnvironment("Identity__SigningKeyFile", RunFolderKeys.IdentitySigningKeyFile(settings.RunDirectory))
    .WithKeyEncryptionKey(keyEncryptionKey)
    .WithEnvironment("Identity__BootstrapClientId", settings.AdminClientId)
    .WithEnvironment("Identity__BootstrapClientSecret", adminClientSecret));

// Consumers (Activities, Funding) start with everything else; the gateway only once every service
// answers /health, so no event is raised through it before its consumers' queues exist.
var matchKeySecret = builder.AddParameter("match-key-secret", RunFolderKeys.MatchKeySecret(builder.Configuration, settings.RunDirectory), secret: true);
var beneficiaries = builder.AddPlatformProject<Projects.Beneficiaries>("beneficiaries", settings, servers, project => project
    .WithEnvironment("Beneficiaries__MatchKeySecret", matchKeySecret)
    .WithIdentity(identity));
var activities = builder.AddPlatformProject<Projects.Activities>("activities", settings, servers, project => project.WithIdentity(identity));
var grievances = builder.AddPlatformProject<Projects.Grievances>("grievances", settings, servers, project => project
    .WithEnvironment("Grievances__Encryption__KeyFile", RunFolderKeys.GrievancesKeyRingFile(settings.RunDirectory))
    .WithEnvironment("Grievances__BeneficiaryLink__KeyFile", RunFolderKeys.GrievancesLinkKeyFile(settings.RunDirectory))
    .WithKeyEncryptionKey(keyEncryptionKey)
    .WithIdentity(identity));
var funding = builder.AddPlatformProject<Projects.Funding>("funding", settings, servers, project => project.WithIdentity(identity));

// The gateway's YARP clusters read services__<name>__http__0, which WithReference sets.
builder.AddProject<Projects.Gateway>("gateway")
    .WithPlatformDefaults(settings)
    .WithFixedHttpPort(settings.GatewayPort)
    .WithIdentity(identity)
    .WithReference(servers.Redis, PlatformServers.RedisConnectionName)
    .WithReference(beneficiaries).WaitFor(beneficiaries)
    .WithReference(activities).WaitFor(activities)
    .WithReference(grievances).WaitFor(grievances)
    .WithReference(funding).WaitFor(funding)
    .WithExternalHttpEndpoints();

builder.Build().Run();
return 0;
