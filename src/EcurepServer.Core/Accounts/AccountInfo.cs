namespace EcurepServer.Core.Accounts;

/// <summary>A Transfer ID as the CLI lists it (never with its hash).</summary>
public sealed record AccountInfo(string Id, DateTimeOffset Created);

public enum AccountRefusal
{
    InvalidId,
    AlreadyExists,
    NotFound,
    InvalidPassword,
    InvalidKey,
    InvalidQuota,
}

/// <summary>The result of a change to the accounts; on refusal nothing was changed.</summary>
public sealed record AccountResult(AccountRefusal? Refusal, string Message)
{
    public bool Succeeded => Refusal is null;

    internal static AccountResult Done(string message) => new(null, message);

    internal static AccountResult Refused(AccountRefusal refusal, string message) => new(refusal, message);
}
