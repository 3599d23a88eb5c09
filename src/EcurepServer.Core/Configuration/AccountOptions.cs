using EcurepServer.Core.Accounts;

namespace EcurepServer.Core.Configuration;

/// <summary>Where the Transfer IDs live and how their passwords are hashed; bound from <c>EcurepServer</c>.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "EcurepServer";

    public const int DefaultPbkdf2Iterations = 210_000;

    /// <summary>
    /// The JSON file of Transfer IDs and password hashes, edited by the CLI while the server runs; the host replaces the
    /// bound value with the path resolved against its root directory.
    /// </summary>
    public string AccountsFile { get; set; } = "";

    /// <summary>PBKDF2-SHA256 iterations for new hashes; existing hashes keep the count stored with them.</summary>
    public int Pbkdf2Iterations { get; set; } = DefaultPbkdf2Iterations;

    public int MinPasswordLength { get; set; } = 8;

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

        return errors;
    }
}
