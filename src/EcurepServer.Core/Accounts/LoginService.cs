using EcurepServer.Core.Configuration;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Accounts;

/// <summary>Transfer IDs with their password, or anonymous with any text (an e-mail address, as asked) where the site allows it.</summary>
public sealed partial class LoginService(
    AccountStore accounts,
    ISitePolicy sites,
    IOptions<DropBoxOptions> options,
    TimeProvider time,
    ILogger<LoginService> logger,
    IFaultInjector? faults = null,
    ClientDefender? defender = null) : ILoginService
{
    private const FaultActionKind AtLogin = FaultActionKind.RefuseLogin | FaultActionKind.Delay;

    private readonly TimeSpan _failureDelay = options.Value.FailedLoginDelay;

    public bool IsAnonymousName(string user) => TransferId.IsAnonymousName(user);

    public async ValueTask<LoginResult> LoginAsync(SessionContext session, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var fault = faults is null ? null
            : await faults.FireAsync(new FaultProbe(session.Site, session.Protocol, user, session.ClientAddress, FaultPoint.Login, AtLogin, session.Transcript), cancellationToken).ConfigureAwait(false);
        if (fault is { Action: { Kind: FaultActionKind.Delay } delay })
        {
            await Task.Delay(delay.Duration, time, cancellationToken).ConfigureAwait(false);
        }

        // refuse-login: the same answer, log line and delay as a wrong password.
        var result = fault is { Action.Kind: FaultActionKind.RefuseLogin }
            ? LoginResult.Failed(LoginFailure.WrongCredentials)
            : await CheckAsync(session, user ?? "", password ?? "", cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            var principal = result.Principal!;
            LogSucceeded(logger, principal.Name, principal.IsAnonymous, session.SessionId, session.Site, session.Protocol, session.RemoteEndPoint);
            session.Transcript.Write(new LoginEvent(Printable(user), true, principal.IsAnonymous, principal.IsAnonymous ? principal.AnonymousEmail : principal.Name, null));
            return result;
        }

        LogFailed(logger, Printable(user), result.Failure, session.SessionId, session.Site, session.Protocol, session.RemoteEndPoint);
        session.Transcript.Write(new LoginEvent(Printable(user), false, IsAnonymousName(user ?? ""), null, result.Failure.ToString()));

        // A login refused unchecked (Busy) told nothing about the password: neither scored nor delayed, since holding
        // its connection would only feed the flood. An injected refusal is the test's doing, not the client's.
        if (result.Failure == LoginFailure.Busy)
        {
            return result;
        }

        if (defender is not null && fault is null)
        {
            defender.Report(session.ClientAddress, DefenderEventOf(result.Failure), session.Site, session.Protocol);
        }

        await Task.Delay(_failureDelay, time, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async ValueTask<LoginResult> AuthorizeKeyAsync(SessionContext session, string user, string keyType, ReadOnlyMemory<byte> keyBlob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (user is null || IsAnonymousName(user)
            || !await accounts.IsKeyAuthorizedAsync(user, keyType, keyBlob, cancellationToken).ConfigureAwait(false))
        {
            return LoginResult.Failed(LoginFailure.WrongCredentials);
        }

        LogKeyAccepted(logger, user, keyType, session.SessionId, session.Site, session.Protocol, session.RemoteEndPoint);
        return LoginResult.Success(new Principal(user, IsAnonymous: false));
    }

    private async ValueTask<LoginResult> CheckAsync(SessionContext session, string user, string password, CancellationToken cancellationToken)
    {
        if (IsAnonymousName(user))
        {
            if (!sites.AllowsAnonymous(session.Site))
            {
                return LoginResult.Failed(LoginFailure.AnonymousNotAllowed);
            }

            return AnonymousEmail.IsAcceptable(password)
                ? LoginResult.Success(new Principal("anonymous", IsAnonymous: true, AnonymousEmail: password))
                : LoginResult.Failed(LoginFailure.InvalidEmail);
        }

        return await accounts.CheckPasswordAsync(user, password, cancellationToken).ConfigureAwait(false) switch
        {
            PasswordCheck.Verified => LoginResult.Success(new Principal(user, IsAnonymous: false)),
            PasswordCheck.Busy => LoginResult.Failed(LoginFailure.Busy),
            PasswordCheck.UnknownAccount => LoginResult.Failed(LoginFailure.UnknownAccount),
            _ => LoginResult.Failed(LoginFailure.WrongCredentials),
        };
    }

    /// <summary>A guess at a Transfer ID that does not exist weighs more than a wrong password for one that does.</summary>
    private static DefenderEvent DefenderEventOf(LoginFailure failure) => failure switch
    {
        LoginFailure.AnonymousNotAllowed or LoginFailure.UnknownAccount => DefenderEvent.UnknownAccount,
        _ => DefenderEvent.FailedLogin,
    };

    /// <summary>A user name fit for a log line: bounded and without control characters.</summary>
    private static string Printable(string? user)
    {
        if (user is null)
        {
            return "";
        }

        var shown = user.Length > 64 ? user[..64] + "..." : user;
        return string.Create(shown.Length, shown, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Login of {User} (anonymous: {Anonymous}) in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    private static partial void LogSucceeded(ILogger logger, string user, bool anonymous, string sessionId, string site, string protocol, System.Net.IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Public key ({KeyType}) of {User} accepted in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    private static partial void LogKeyAccepted(ILogger logger, string user, string keyType, string sessionId, string site, string protocol, System.Net.IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login of {User} ({Reason}) in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    private static partial void LogFailed(ILogger logger, string user, LoginFailure reason, string sessionId, string site, string protocol, System.Net.IPEndPoint remoteEndPoint);
}
