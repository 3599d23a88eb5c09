using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Auth;

/// <summary>User-authentication events. Passwords and signatures never appear; keys appear as fingerprints.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Authentication failed for {User} with {Method} from {RemoteEndPoint}: {Reason} (failure {Failures} of {MaxFailures})")]
    public static partial void Failed(ILogger logger, string user, string method, IPEndPoint remoteEndPoint, string reason, int failures, int maxFailures);

    /// <summary>A password login is logged where the authenticator checked it, so this line is Debug for it and Information for the others.</summary>
    public static void Succeeded(ILogger logger, string user, string method, IPEndPoint remoteEndPoint)
    {
        if (method == "password")
        {
            SucceededByPassword(logger, user, method, remoteEndPoint);
        }
        else
        {
            SucceededOtherwise(logger, user, method, remoteEndPoint);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{User} authenticated with {Method} from {RemoteEndPoint}")]
    private static partial void SucceededByPassword(ILogger logger, string user, string method, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} authenticated with {Method} from {RemoteEndPoint}")]
    private static partial void SucceededOtherwise(ILogger logger, string user, string method, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Public key {Fingerprint} ({Algorithm}) is acceptable for {User} from {RemoteEndPoint}")]
    public static partial void KeyAcceptable(ILogger logger, string fingerprint, string algorithm, string user, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageNumber} from {RemoteEndPoint} is not expected before authentication; answered UNIMPLEMENTED")]
    public static partial void UnexpectedMessage(ILogger logger, byte messageNumber, IPEndPoint remoteEndPoint);
}
