using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Configuration;

/// <summary>The drop box's settings, bound from <c>EcurepServer:DropBox</c>; <see cref="DataDirectory"/> is given by whoever registers Core.</summary>
public sealed class DropBoxOptions
{
    public const string SectionName = "EcurepServer:DropBox";

    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024 * 1024;

    private static readonly TimeSpan MinRetention = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetention = TimeSpan.FromDays(36500);
    private static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxSweepInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// Root of the stored data: <c>uploads/</c>, <c>fromibm/</c> and <c>receipts.jsonl</c>; an absolute path (the host
    /// resolves <c>EcurepServer:DataDirectory</c> against its root directory and sets it here).
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>One write-only directory per product under /toibm.</summary>
    public string[] Products { get; set; } = [];

    /// <summary>Content of /toibm/0-README.txt.</summary>
    public string ReadmeText { get; set; } =
        "Upload diagnostic data in binary mode into the sub directory that matches your product, for example toibm/aix.\n";

    /// <summary>Lines shown when a client enters /toibm.</summary>
    public string[] ToibmNotice { get; set; } = [];

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>How long a failed login waits before it is answered.</summary>
    public TimeSpan FailedLoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long delivered material is kept, from its receipt's completion time.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long an interrupted upload of a Transfer ID can be resumed, from its last write; after that it is deleted.
    /// A value above <see cref="Retention"/> is cut to it, so a short retention needs no second setting.
    /// </summary>
    public TimeSpan PartialRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// The same for anonymous users, whose only claim to an interrupted upload is their address and password text:
    /// a short window keeps the chance that someone else comes along with both small. Cut to <see cref="Retention"/> as well.
    /// </summary>
    public TimeSpan AnonymousPartialRetention { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long the receipt of an upload retention deleted stays in the catalog (listed as deleted) before the sweep
    /// removes it, so the catalog does not grow without bound; the receipt export (<c>Receipts:ExportPath</c>) keeps it.
    /// </summary>
    public TimeSpan DeletedReceiptRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often retention looks for expired material.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How much each Transfer ID, and all anonymous users together, may upload per day.</summary>
    public QuotaOptions Quota { get; set; } = new();

    /// <summary>Every problem with these settings, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("EcurepServer:DataDirectory must name the directory that holds uploads and receipts.");
        }

        if (Products is null || Products.Length == 0)
        {
            errors.Add($"{SectionName}:Products must list at least one product directory (for example \"aix\").");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Products.Length; i++)
            {
                var problem = ProductProblem(Products[i]);
                if (problem is not null)
                {
                    errors.Add($"{SectionName}:Products:{i} \"{Products[i]}\" {problem}");
                }
                else if (!seen.Add(Products[i]))
                {
                    errors.Add($"{SectionName}:Products:{i} \"{Products[i]}\" is listed twice.");
                }
            }
        }

        if (ReadmeText is null)
        {
            errors.Add($"{SectionName}:ReadmeText must be set (it may be empty).");
        }

        if (MaxUploadBytes <= 0)
        {
            errors.Add($"{SectionName}:MaxUploadBytes must be a positive number of bytes, not {MaxUploadBytes}.");
        }

        if (FailedLoginDelay < TimeSpan.Zero || FailedLoginDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:FailedLoginDelay must be between 00:00:00 and 00:01:00, not {FailedLoginDelay}.");
        }

        if (Retention < MinRetention || Retention > MaxRetention)
        {
            errors.Add($"{SectionName}:Retention must be between {MinRetention} and {MaxRetention.Days}.00:00:00, not {Retention}.");
        }
        else
        {
            CheckPartialRetention(errors, nameof(PartialRetention), PartialRetention);
            CheckPartialRetention(errors, nameof(AnonymousPartialRetention), AnonymousPartialRetention);
        }

        if (DeletedReceiptRetention < TimeSpan.Zero || DeletedReceiptRetention > MaxRetention)
        {
            errors.Add($"{SectionName}:DeletedReceiptRetention must be between 00:00:00 and {MaxRetention.Days}.00:00:00, not {DeletedReceiptRetention}.");
        }

        if (RetentionSweepInterval < MinSweepInterval || RetentionSweepInterval > MaxSweepInterval)
        {
            errors.Add($"{SectionName}:RetentionSweepInterval must be between {MinSweepInterval} and {MaxSweepInterval.Days}.00:00:00, not {RetentionSweepInterval}.");
        }

        if (Quota is null)
        {
            errors.Add($"{SectionName}:Quota must be set.");
        }
        else
        {
            Quota.Validate($"{SectionName}:Quota", errors);
        }

        return errors;
    }

    /// <summary>How long an interrupted upload of <paramref name="anonymous"/> users is kept and can be resumed.</summary>
    public TimeSpan PartialRetentionFor(bool anonymous) =>
        anonymous ? Shorter(AnonymousPartialRetention, Retention) : Shorter(PartialRetention, Retention);

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void CheckPartialRetention(List<string> errors, string key, TimeSpan value)
    {
        if (value < MinRetention || value > MaxRetention)
        {
            errors.Add($"{SectionName}:{key} must be between {MinRetention} and {MaxRetention.Days}.00:00:00, not {value}.");
        }
    }

    private static string? ProductProblem(string? product)
    {
        if (string.IsNullOrEmpty(product))
        {
            return "is empty; a product needs a directory name.";
        }

        if (product.Contains('/', StringComparison.Ordinal) || product is "." or "..")
        {
            return "must be a single directory name.";
        }

        if (product == TreeNames.Readme)
        {
            return $"collides with the {TreeNames.Readme} file.";
        }

        var refusal = PathResolver.CheckName(product);
        return refusal is null ? null : $"is not a valid directory name: {refusal.Message}";
    }
}
