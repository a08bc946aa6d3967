namespace JusticePlatform.Gateway;

/// <summary>
/// The address partners reach the platform at ("Gateway:PublicAddress", such as
/// https://api.justice.example), named in the token discovery document and in the API document's
/// servers. Without it, the address this request came in on.
/// </summary>
internal static class PublicAddress
{
    public const string Setting = "Gateway:PublicAddress";

    public static string Of(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IConfiguration>()[Setting];
        return (string.IsNullOrWhiteSpace(configured) ? $"{context.Request.Scheme}://{context.Request.Host}" : configured).TrimEnd('/');
    }

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[Setting]);
}
