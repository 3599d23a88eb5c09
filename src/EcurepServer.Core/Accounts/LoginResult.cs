namespace EcurepServer.Core.Accounts;

public enum LoginFailure
{
    None,
    WrongCredentials,

    /// <summary>No such Transfer ID; the client hears the same as for a wrong password, only logs and metrics tell.</summary>
    UnknownAccount,
    AnonymousNotAllowed,
    InvalidEmail,

    /// <summary>The password was not checked: too many password checks were running and waiting.</summary>
    Busy,
}

public sealed record LoginResult(Principal? Principal, LoginFailure Failure)
{
    public bool Succeeded => Principal is not null;

    public static LoginResult Success(Principal principal) => new(principal, LoginFailure.None);

    public static LoginResult Failed(LoginFailure failure) => new(null, failure);
}
