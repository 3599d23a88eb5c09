namespace EcurepServer.Core.Accounts;

/// <summary>The outcome of checking a Transfer ID's password.</summary>
public enum PasswordCheck
{
    Wrong,
    Verified,

    /// <summary>Not checked: too many password checks were already running and waiting.</summary>
    Busy,
}
