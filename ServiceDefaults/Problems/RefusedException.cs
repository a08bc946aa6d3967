using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A refusal by one of the platform's own rules, answered as the problem it carries: code that refuses throws a
/// subtype of this, never a framework exception, so that only a deliberate refusal is a 4xx and anything else a 500.
/// </summary>
public abstract class RefusedException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}

/// <summary>A partner tried to change, share or create a record that is not its own.</summary>
public sealed class OwnershipRefusedException(string detail)
    : RefusedException(StatusCodes.Status403Forbidden, "Forbidden", detail);
