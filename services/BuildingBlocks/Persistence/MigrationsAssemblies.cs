using System.Reflection;
using System.Runtime.Loader;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Finds a service's migrations for its provider: the assembly <c>JusticePlatform.&lt;Service&gt;.Migrations.&lt;Provider&gt;</c>,
/// built from <c>services/Migrations/&lt;Service&gt;.&lt;Provider&gt;</c>. The migrations name the service's
/// context, so their project references the service and the service cannot reference it back: the
/// migrations' build copies the assembly into the service's output folder (and a publish takes it
/// from there), and the service loads it from beside its own assembly. A host that references the
/// migrations (the tests) resolves it as any dependency. It is never optional: without it the
/// service could neither migrate nor see that a migration is pending, so it refuses to start.
/// </summary>
public static class MigrationsAssemblies
{
    public static string NameOf(Type context, DatabaseProvider provider) =>
        $"{context.Assembly.GetName().Name}.Migrations.{provider}";

    /// <summary>The migrations of <paramref name="context"/>'s service for <paramref name="provider"/>, or a refusal that says how to build them.</summary>
    public static Assembly Load(Type context, DatabaseProvider provider) =>
        Load(context, provider, Path.GetDirectoryName(context.Assembly.Location) ?? AppContext.BaseDirectory);

    internal static Assembly Load(Type context, DatabaseProvider provider, string directory)
    {
        var name = NameOf(context, provider);
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name);
        if (loaded is not null)
        {
            return loaded;
        }

        // A host that references the migrations lists them among its dependencies.
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            // Not a dependency of this host: the migrations' build put it beside the service.
        }

        var path = Path.Combine(directory, name + ".dll");
        if (!File.Exists(path))
        {
            var service = context.Assembly.GetName().Name?.Replace("JusticePlatform.", "", StringComparison.Ordinal);
            throw new InvalidOperationException(
                $"The {provider} migrations of {context.Name} ({name}.dll) are not in {directory}: without them the service " +
                $"can neither migrate its database nor check that no migration is pending, so it does not start. Build " +
                $"services/Migrations/{service}.{provider} (building JusticePlatform.sln or the AppHost does; it copies the " +
                "assembly beside the service), then run or publish the service again.");
        }

        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}
