using EcurepServer.Core.Accounts;

namespace EcurepServer.Core.Configuration;

/// <summary>Where the Transfer IDs live and how their passwords are hashed; bound from <c>EcurepServer</c>.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "EcurepServer";

    public const int DefaultPbkdf2Iterations = 210_000;

    private const int MaxPasswordChecks = 10_000;

    private static readonly TimeSpan MaxPasswordCacheDuration = TimeSpan.FromDays(1);

    /// <summary>
    /// The JSON file of Transfer IDs and password hashes of a release before the catalog, imported into the catalog once
    /// and then kept as a backup; the host replaces the bound value with the path resolved against its root directory.
    /// </summary>
    public string AccountsFile { get; set; } = "";

    /// <summary>PBKDF2-SHA256 iterations for new hashes; existing hashes keep the count stored with them.</summary>
    public int Pbkdf2Iterations { get; set; } = DefaultPbkdf2Iterations;

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>How long a password PBKDF2 accepted is answered from the verification cache; zero turns the cache off.</summary>
    public TimeSpan PasswordCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>PBKDF2 checks that run at once: half the processors, at least one, so logins never take every core.</summary>
    public int MaxConcurrentPasswordChecks { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>PBKDF2 checks that may wait for a turn; a login beyond them is refused at once.</summary>
    public int MaxQueuedPasswordChecks { get; set; } = 64;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(AccountsFile))
        {
            errors.Add($"{SectionName}:AccountsFile must name the accounts file (for example config/accounts.json).");
        }

        if (Pbkdf2Iterations < PasswordHasher.MinIterations || Pbkdf2Iterations > PasswordHasher.MaxIterations)
        {
            errors.Add($"{SectionName}:Pbkdf2Iterations must be between {PasswordHasher.MinIterations} and {PasswordHasher.MaxIterations}, not {Pbkdf2Iterations}.");
        }

        if (MinPasswordLength < 1 || MinPasswordLength > PasswordHasher.MaxPasswordLength)
        {
            errors.Add($"{SectionName}:MinPasswordLength must be between 1 and {PasswordHasher.MaxPasswordLength}, not {MinPasswordLength}.");
        }

        if (PasswordCacheDuration < TimeSpan.Zero || PasswordCacheDuration > MaxPasswordCacheDuration)
        {
            errors.Add($"{SectionName}:PasswordCacheDuration must be between 00:00:00 (off) and {MaxPasswordCacheDuration}, not {PasswordCacheDuration}.");
        }

        if (MaxConcurrentPasswordChecks < 1 || MaxConcurrentPasswordChecks > MaxPasswordChecks)
        {
            errors.Add($"{SectionName}:MaxConcurrentPasswordChecks must be between 1 and {MaxPasswordChecks}, not {MaxConcurrentPasswordChecks}.");
        }

        if (MaxQueuedPasswordChecks < 0 || MaxQueuedPasswordChecks > MaxPasswordChecks)
        {
            errors.Add($"{SectionName}:MaxQueuedPasswordChecks must be between 0 and {MaxPasswordChecks}, not {MaxQueuedPasswordChecks}.");
        }

        return errors;
    }
}
