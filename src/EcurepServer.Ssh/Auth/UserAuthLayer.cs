using EcurepServer.Ssh.Keys;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Auth;

/// <summary>
/// The server side of RFC 4252 (with RFC 4256 keyboard-interactive as a password prompt): the ssh-userauth
/// service request, then requests until one succeeds, the failures run out or the request cap is reached.
/// </summary>
internal sealed class UserAuthLayer
{
    private const int MaxUserNameLength = 256;
    private const string PasswordPrompt = "Password: ";
    private const byte LastConnectionMessage = 127;

    private readonly ISshPacketTransport _transport;
    private readonly SshServerOptions _options;
    private readonly ISshAuthenticator _authenticator;
    private readonly ILogger _logger;
    private readonly SshAuthContext _context;
    private readonly SshWriter _writer = new();
    private int _requests;
    private int _failures;
    private bool _noneSeen;
    private bool _bannerSent;
    private string? _pendingKeyboardUser;

    public UserAuthLayer(ISshPacketTransport transport, SshServerOptions options, ISshAuthenticator authenticator, ILogger logger)
    {
        _transport = transport;
        _options = options;
        _authenticator = authenticator;
        _logger = logger;
        _context = new SshAuthContext(transport.ConnectionId, transport.RemoteEndPoint, transport.ClientVersion) { Observer = transport.Observer };
    }

    private enum Outcome
    {
        Failed,
        Succeeded,

        /// <summary>A reply that is neither success nor failure was sent (PK_OK, INFO_REQUEST).</summary>
        Continued,
    }

    /// <summary>
    /// Returns the authenticated user, or null when the client went away first. Throws
    /// <see cref="SshProtocolException"/> when the client breaks the protocol or exhausts its attempts.
    /// </summary>
    public async Task<AuthenticatedUser?> RunAsync(CancellationToken cancellationToken)
    {
        if (!await AcceptServiceRequestAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        while (true)
        {
            var payload = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (payload.IsEmpty)
            {
                return null;
            }

            AuthenticatedUser? user;
            switch (payload.Span[0])
            {
                case SshMessage.UserAuthRequest:
                    user = await HandleRequestAsync(AuthRequest.Parse(payload.Span), cancellationToken).ConfigureAwait(false);
                    break;
                case SshMessage.UserAuthInfoResponse when _pendingKeyboardUser is not null:
                    user = await HandleInfoResponseAsync(_pendingKeyboardUser, payload, cancellationToken).ConfigureAwait(false);
                    break;
                case SshMessage.ServiceRequest:
                    // paramiko asks for ssh-userauth again before every method; sshd accepts it each time.
                    user = null;
                    await AcceptServiceAsync(payload, cancellationToken).ConfigureAwait(false);
                    break;
                case >= SshMessage.GlobalRequest and <= LastConnectionMessage:
                    // RFC 4252 section 6: the connection protocol starts only after USERAUTH_SUCCESS.
                    throw new SshProtocolException(
                        SshDisconnectReason.ProtocolError, $"message {payload.Span[0]} is not allowed before authentication");
                default:
                    user = null;
                    await RefuseUnexpectedAsync(payload.Span[0], cancellationToken).ConfigureAwait(false);
                    break;
            }

            if (user is not null)
            {
                return user;
            }
        }
    }

    private async Task<bool> AcceptServiceRequestAsync(CancellationToken cancellationToken)
    {
        var payload = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        while (!payload.IsEmpty && payload.Span[0] != SshMessage.ServiceRequest)
        {
            await RefuseUnexpectedAsync(payload.Span[0], cancellationToken).ConfigureAwait(false);
            payload = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }

        if (payload.IsEmpty)
        {
            return false;
        }

        await AcceptServiceAsync(payload, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async ValueTask AcceptServiceAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var service = ReadServiceRequest(payload.Span);
        if (service != UserAuthMethods.UserAuthService)
        {
            throw new SshProtocolException(SshDisconnectReason.ServiceNotAvailable, "the only service offered is ssh-userauth");
        }

        _writer.Reset();
        _writer.Byte(SshMessage.ServiceAccept).Utf8(service);
        await _transport.SendAsync(_writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 4253 section 11.4: a message this stage does not handle is answered UNIMPLEMENTED and otherwise ignored,
    /// as OpenSSH does. The login grace time still bounds how long a client can go on like this.
    /// </summary>
    private async ValueTask RefuseUnexpectedAsync(byte messageNumber, CancellationToken cancellationToken)
    {
        AuthLog.UnexpectedMessage(_logger, messageNumber, _transport.RemoteEndPoint);
        await _transport.ReplyUnimplementedAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadServiceRequest(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var service = reader.ReadUtf8();
        reader.EnsureEnd();
        return service;
    }

    private async Task<AuthenticatedUser?> HandleRequestAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        if (++_requests > _options.MaxAuthRequests)
        {
            throw new SshProtocolException(SshDisconnectReason.NoMoreAuthMethodsAvailable, "too many authentication requests");
        }

        _pendingKeyboardUser = null;
        await SendBannerOnceAsync(cancellationToken).ConfigureAwait(false);

        if (request.User.Length > MaxUserNameLength)
        {
            return await FailAsync(request.User[..MaxUserNameLength], request.Method, "user name too long", cancellationToken).ConfigureAwait(false);
        }

        if (request.Service != UserAuthMethods.ConnectionService)
        {
            return await FailAsync(request.User, request.Method, "only ssh-connection is offered", cancellationToken).ConfigureAwait(false);
        }

        switch (request.Method)
        {
            case not UserAuthMethods.None when !_options.AuthenticationMethods.Contains(request.Method):
                return await FailAsync(request.User, request.Method, "method not offered", cancellationToken).ConfigureAwait(false);
            case UserAuthMethods.None when !_noneSeen:
                _noneSeen = true;
                _transport.Observer.AuthenticationAttempted(new SshAuthAttempt(request.User, request.Method, SshAuthOutcome.Failure, Reason: "asks which methods there are"));
                await SendFailureAsync(cancellationToken).ConfigureAwait(false);
                return null;
            case UserAuthMethods.None:
                return await FailAsync(request.User, request.Method, "none is not a way in", cancellationToken).ConfigureAwait(false);
            case UserAuthMethods.Password when request.PasswordChange:
                return await FailAsync(request.User, request.Method, "password change is not supported", cancellationToken).ConfigureAwait(false);
            case UserAuthMethods.Password:
                return await CheckPasswordAsync(request.User, request.Method, request.Password!, cancellationToken).ConfigureAwait(false);
            case UserAuthMethods.KeyboardInteractive:
                _transport.Observer.AuthenticationAttempted(new SshAuthAttempt(request.User, request.Method, SshAuthOutcome.Prompted));
                await SendPasswordPromptAsync(cancellationToken).ConfigureAwait(false);
                _pendingKeyboardUser = request.User;
                return null;
            default:
                // publickey: the options allow no other method to be offered.
                return await CheckPublicKeyAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AuthenticatedUser?> HandleInfoResponseAsync(string user, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        _pendingKeyboardUser = null;
        var password = ReadSingleResponse(payload.Span);
        if (password is null)
        {
            return await FailAsync(user, UserAuthMethods.KeyboardInteractive, "expected one response", cancellationToken).ConfigureAwait(false);
        }

        return await CheckPasswordAsync(user, UserAuthMethods.KeyboardInteractive, password, cancellationToken).ConfigureAwait(false);
    }

    private static string? ReadSingleResponse(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var count = reader.ReadUInt32();
        if (count != 1)
        {
            return null;
        }

        var response = reader.ReadUtf8();
        reader.EnsureEnd();
        return response;
    }

    private async Task<AuthenticatedUser?> CheckPasswordAsync(string user, string method, string password, CancellationToken cancellationToken)
    {
        var result = await _authenticator.PasswordAsync(_context, user, password, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? await SucceedAsync(user, method, result.Identity!, cancellationToken).ConfigureAwait(false)
            : await FailAsync(user, method, "wrong user name or password", cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthenticatedUser?> CheckPublicKeyAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        var algorithm = request.Algorithm!;
        if (!UserAuthMethods.TryGetKeyType(algorithm, out var keyType))
        {
            return await FailAsync(request.User, request.Method, $"signature algorithm {algorithm} is not accepted", cancellationToken).ConfigureAwait(false);
        }

        if (!SshPublicKey.TryParse(request.KeyBlob, out var key) || key!.KeyType != keyType)
        {
            return await FailAsync(request.User, request.Method, $"the key is not a valid {keyType} key", cancellationToken).ConfigureAwait(false);
        }

        if (request.Signature is null)
        {
            var query = await _authenticator.PublicKeyAsync(_context, request.User, key, cancellationToken).ConfigureAwait(false);
            if (!query.Succeeded)
            {
                return await FailAsync(request.User, request.Method, $"key {key.Fingerprint} is not authorized", cancellationToken, key).ConfigureAwait(false);
            }

            AuthLog.KeyAcceptable(_logger, key.Fingerprint, algorithm, request.User, _context.RemoteEndPoint);
            _transport.Observer.AuthenticationAttempted(new SshAuthAttempt(request.User, request.Method, SshAuthOutcome.KeyAcceptable, key.KeyType, key.Fingerprint));
            _writer.Reset();
            _writer.Byte(SshMessage.UserAuthPkOk).Utf8(algorithm).Binary(request.KeyBlob);
            await _transport.SendAsync(_writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return null;
        }

        PublicKeySignedData.Write(_writer, _transport.SessionId.Span, request.User, request.Service, algorithm, request.KeyBlob);
        if (!key.Verify(algorithm, _writer.WrittenSpan, request.Signature))
        {
            return await FailAsync(request.User, request.Method, $"bad signature by key {key.Fingerprint}", cancellationToken, key).ConfigureAwait(false);
        }

        var result = await _authenticator.PublicKeyAsync(_context, request.User, key, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? await SucceedAsync(request.User, request.Method, result.Identity!, cancellationToken, key).ConfigureAwait(false)
            : await FailAsync(request.User, request.Method, $"key {key.Fingerprint} is not authorized", cancellationToken, key).ConfigureAwait(false);
    }

    private async Task SendPasswordPromptAsync(CancellationToken cancellationToken)
    {
        _writer.Reset();
        _writer.Byte(SshMessage.UserAuthInfoRequest)
            .Utf8(string.Empty)
            .Utf8(string.Empty)
            .Utf8(string.Empty)
            .UInt32(1)
            .Utf8(PasswordPrompt)
            .Boolean(false);
        await _transport.SendAsync(_writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendBannerOnceAsync(CancellationToken cancellationToken)
    {
        if (_bannerSent)
        {
            return;
        }

        _bannerSent = true;
        if (_options.Banner.Count == 0)
        {
            return;
        }

        _writer.Reset();
        _writer.Byte(SshMessage.UserAuthBanner).Utf8(string.Concat(_options.Banner.Select(line => line + "\r\n"))).Utf8(string.Empty);
        await _transport.SendAsync(_writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthenticatedUser?> SucceedAsync(string user, string method, object identity, CancellationToken cancellationToken, SshPublicKey? key = null)
    {
        _writer.Reset();
        _writer.Byte(SshMessage.UserAuthSuccess);
        _transport.Observer.AuthenticationAttempted(new SshAuthAttempt(user, method, SshAuthOutcome.Success, key?.KeyType, key?.Fingerprint));
        await _transport.SendAsync(_writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        AuthLog.Succeeded(_logger, user, method, _context.RemoteEndPoint);
        return new AuthenticatedUser(user, identity);
    }

    private async Task<AuthenticatedUser?> FailAsync(string user, string method, string reason, CancellationToken cancellationToken, SshPublicKey? key = null)
    {
        _failures++;
        AuthLog.Failed(_logger, user, method, _context.RemoteEndPoint, reason, _failures, _options.MaxAuthFailures);
        _transport.Observer.AuthenticationAttempted(new SshAuthAttempt(user, method, SshAuthOutcome.Failure, key?.KeyType, key?.Fingerprint, reason));
        if (_failures >= _options.MaxAuthFailures)
        {
            throw new SshProtocolException(SshDisconnectReason.NoMoreAuthMethodsAvailable, "too many authentication failures");
        }

        await SendFailureAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task SendFailureAsync(CancellationToken cancellationToken)
    {
        _writer.Reset();
        _writer.Byte(SshMessage.UserAuthFailure).NameList(_options.AuthenticationMethods).Boolean(false);
        await _transport.SendAsync(_writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
