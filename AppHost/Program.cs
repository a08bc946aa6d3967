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
var identity = builder.AddPlatformService<Projects.Identity>("identity", settings, servers, instance => instance
    .WithEnvironment("Identity__SigningKeyFile", RunFolderKeys.IdentitySigningKeyFile(settings.RunDirectory))
    .WithKeyEncryptionKey(keyEncryptionKey)
    .WithEnvironment("Identity__BootstrapClientId", settings.AdminClientId)
    .WithEnvironment("Identity__BootstrapClientSecret", adminClientSecret));
// One issuer whichever instance signs a token: the first's address, where every service reads the keys.
foreach (var instance in identity.Instances)
{
    instance.WithEnvironment("Identity__Issuer", identity.First.GetEndpoint("http"));
}

// Consumers (Activities, Funding) start with everything else; the gateway only once every service
// answers /health, so no event is raised through it before its consumers' queues exist.
// Every service checks tokens against the first identity instance's published keys (it keeps them once read).
var matchKeySecret = builder.AddParameter("match-key-secret", RunFolderKeys.MatchKeySecret(builder.Configuration, settings.RunDirectory), secret: true);
var beneficiaries = builder.AddPlatformService<Projects.Beneficiaries>("beneficiaries", settings, servers, instance => instance
    .WithEnvironment("Beneficiaries__MatchKeySecret", matchKeySecret)
    .WithIdentity(identity.First));
var activities = builder.AddPlatformService<Projects.Activities>("activities", settings, servers, instance => instance.WithIdentity(identity.First));
var grievances = builder.AddPlatformService<Projects.Grievances>("grievances", settings, servers, instance => instance
    .WithEnvironment("Grievances__Encryption__KeyFile", RunFolderKeys.GrievancesKeyRingFile(settings.RunDirectory))
    .WithEnvironment("Grievances__BeneficiaryLink__KeyFile", RunFolderKeys.GrievancesLinkKeyFile(settings.RunDirectory))
    .WithKeyEncryptionKey(keyEncryptionKey)
    .WithIdentity(identity.First));
var funding = builder.AddPlatformService<Projects.Funding>("funding", settings, servers, instance => instance.WithIdentity(identity.First));

// The gateway's YARP clusters read services__<name>__http__0, __1... (one per instance) and
// balance across them; Platform:Replicas gateways share the fixed port.
builder.AddProject<Projects.Gateway>("gateway")
    .WithPlatformDefaults(settings)
    .WithFixedHttpPort(settings.GatewayPort, settings.Replicas)
    .WithIdentity(identity.First)
    .WithReference(servers.Redis, PlatformServers.RedisConnectionName)
    .WithInstancesOf(identity)
    .WithInstancesOf(beneficiaries)
    .WithInstancesOf(activities)
    .WithInstancesOf(grievances)
    .WithInstancesOf(funding)
    .WithExternalHttpEndpoints();

builder.Build().Run();
return 0;
