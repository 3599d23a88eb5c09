namespace EcurepServer.Core.Configuration;

/// <summary>
/// Daily upload quotas, bound from <c>EcurepServer:DropBox:Quota</c>: the bytes written per UTC day, delivered or
/// kept for a resume. 0 means no quota.
/// </summary>
public sealed class QuotaOptions
{
    public const long DefaultAccountBytesPerDay = 200L * 1024 * 1024 * 1024;

    public const long DefaultAnonymousBytesPerDay = 20L * 1024 * 1024 * 1024;

    /// <summary>What each Transfer ID may upload per day, unless the accounts file gives it its own quota.</summary>
    public long AccountBytesPerDay { get; set; } = DefaultAccountBytesPerDay;

    /// <summary>What all anonymous users together may upload per day.</summary>
    public long AnonymousBytesPerDay { get; set; } = DefaultAnonymousBytesPerDay;

    internal void Validate(string section, List<string> errors)
    {
        if (AccountBytesPerDay < 0)
        {
            errors.Add($"{section}:AccountBytesPerDay must be 0 (no quota) or a positive number of bytes, not {AccountBytesPerDay}.");
        }

        if (AnonymousBytesPerDay < 0)
        {
            errors.Add($"{section}:AnonymousBytesPerDay must be 0 (no quota) or a positive number of bytes, not {AnonymousBytesPerDay}.");
        }
    }
}
