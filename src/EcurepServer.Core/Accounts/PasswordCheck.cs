namespace EcurepServer.Core.Accounts;

/// <summary>The outcome of checking a Transfer ID's password.</summary>
public enum PasswordCheck
{
    Wrong,
    Verified,

    /// <summary>No such Transfer ID (the same dummy hash was spent as for a wrong password).</summary>
    UnknownAccount,

    /// <summary>Not checked: too many password checks were already running and waiting.</summary>
    Busy,
}
