using System.Diagnostics;
using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport.Ciphers;
using EcurepServer.Ssh.Transport.Kex;

namespace EcurepServer.Ssh.Transport;

internal sealed partial class SshTransport
{
    /// <summary>A re-exchange the client starts after this much traffic is not counted against its per-minute allowance.</summary>
    private const long UncountedKeyExchangeAfterBytes = 16L * 1024 * 1024;

    private static readonly TimeSpan ClientKeyExchangeWindow = TimeSpan.FromMinutes(1);

    /// <summary>When the counted re-exchanges the client started within the last minute began; guarded by the send lock.</summary>
    private readonly Queue<long> _clientKeyExchanges = new();

    private KexInitMessage? _localKexInitMessage;

    /// <summary>Our KEXINIT of the running exchange, from sending it until our NEWKEYS; non-null means sends are held back.</summary>
    private byte[]? _localKexInit;

    /// <summary>From our KEXINIT until the client's NEWKEYS; guarded by the send lock.</summary>
    private bool _kexInFlight;

    /// <summary>Disconnects a client that does not finish a re-exchange in time.</summary>
    private ITimer? _reExchangeDeadline;

    private bool _strictKex;
    private bool _clientWantsExtInfo;
    private int _kexCount;
    private long _lastKeyExchange;

    private async ValueTask SendKexInitIfIdleAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_kexInFlight)
            {
                if (_sessionId is not null)
                {
                    CountClientKeyExchangeLocked();
                }

                await SendKexInitLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask SendKexInitLockedAsync(CancellationToken cancellationToken)
    {
        var kex = _options.KexAlgorithms.Where(KeyExchangeMethods.IsSupported).ToList();
        if (_sessionId is null)
        {
            kex.Add(StrictKexServer);
        }

        var ciphers = _options.Ciphers.Where(CipherAlgorithms.IsCipher).ToArray();
        var macs = _options.Macs.Where(CipherAlgorithms.IsMac).ToArray();
        _localKexInitMessage = new KexInitMessage(
            [.. kex], UsableHostKeyAlgorithms(), ciphers, ciphers, macs, macs, ["none"], ["none"], false);
        _localKexInit = _localKexInitMessage.Encode();
        _kexInFlight = true;
        if (_sessionId is not null)
        {
            var exchange = _kexCount;
            _reExchangeDeadline = TimeProvider.System.CreateTimer(
                _ => OnReExchangeDeadline(exchange), null, _options.KeyReExchangeTimeout, Timeout.InfiniteTimeSpan);
        }

        _sendsResumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteLockedAsync(_localKexInit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The client started a re-exchange (its KEXINIT came first): counts it, and ends the connection before any key
    /// agreement is computed when it is one more than <see cref="SshServerOptions.MaxClientKeyExchangesPerMinute"/>.
    /// </summary>
    private void CountClientKeyExchangeLocked()
    {
        if (_reader.BytesSinceKeyExchange + _writer.BytesSinceKeyExchange >= UncountedKeyExchangeAfterBytes)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        while (_clientKeyExchanges.TryPeek(out var started) && Stopwatch.GetElapsedTime(started, now) >= ClientKeyExchangeWindow)
        {
            _clientKeyExchanges.Dequeue();
        }

        if (_clientKeyExchanges.Count >= _options.MaxClientKeyExchangesPerMinute)
        {
            throw new SshProtocolException(
                SshDisconnectReason.ProtocolError,
                $"too many key exchanges: the client started more than {_options.MaxClientKeyExchangesPerMinute} within a minute (MaxClientKeyExchangesPerMinute)");
        }

        _clientKeyExchanges.Enqueue(now);
    }

    private string[] UsableHostKeyAlgorithms() =>
        [.. _options.HostKeyAlgorithms.Where(algorithm => _hostKeys.Any(key => key.SignatureAlgorithms.Contains(algorithm)))];

    private async ValueTask StartRekeyIfDueAsync(CancellationToken cancellationToken)
    {
        if (!RekeyDue())
        {
            return;
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StartRekeyIfDueLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask StartRekeyIfDueLockedAsync(CancellationToken cancellationToken)
    {
        if (RekeyDue())
        {
            TransportLog.RekeyStarted(_logger, ConnectionId, _reader.BytesSinceKeyExchange + _writer.BytesSinceKeyExchange);
            await SendKexInitLockedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool RekeyDue() =>
        _sessionId is not null && !_kexInFlight
        && (_reader.BytesSinceKeyExchange + _writer.BytesSinceKeyExchange >= _options.RekeyAfterBytes
            || Stopwatch.GetElapsedTime(_lastKeyExchange) >= _options.RekeyAfterTime);

    /// <summary>Runs one key exchange after the client's KEXINIT arrived, through to the client's NEWKEYS.</summary>
    private async ValueTask RunKeyExchangeAsync(byte[] clientKexInit, bool initial, CancellationToken cancellationToken)
    {
        var client = KexInitMessage.Parse(clientKexInit);
        if (initial)
        {
            _strictKex = client.KexAlgorithms.Contains(StrictKexClient);
            _clientWantsExtInfo = client.KexAlgorithms.Contains(ExtInfoClient);
            if (_strictKex && _reader.Sequence != 1)
            {
                throw new SshProtocolException(SshDisconnectReason.ProtocolError, "strict key exchange: KEXINIT was not the client's first packet");
            }
        }

        await SendKexInitIfIdleAsync(cancellationToken).ConfigureAwait(false);
        var serverKexInit = _localKexInit!;
        Observer.KeyExchangeInit(client.Describe(fromClient: true, _kexCount + 1));
        Observer.KeyExchangeInit(_localKexInitMessage!.Describe(fromClient: false, _kexCount + 1));
        var algorithms = NegotiatedAlgorithms.Negotiate(client, _localKexInitMessage!);
        var wrongGuess = client.FirstKexPacketFollows
            && (client.KexAlgorithms[0] != algorithms.Kex || client.HostKeyAlgorithms[0] != algorithms.HostKey);

        var init = await ReadKexMessageAsync(SshMessage.KexEcdhInit, wrongGuess, initial, cancellationToken).ConfigureAwait(false);
        var method = KeyExchangeMethods.Create(algorithms.Kex);
        var agreement = method.Respond(init.Span[1..]);
        var hostKey = _hostKeys.First(key => key.SignatureAlgorithms.Contains(algorithms.HostKey));
        var hostKeyBlob = hostKey.PublicKey.Blob.Span;
        var exchangeHash = ExchangeHash(method.Hash, clientKexInit, serverKexInit, hostKeyBlob, agreement);
        _sessionId ??= exchangeHash;
        var reply = new SshWriter(1024).Byte(SshMessage.KexEcdhReply).Binary(hostKeyBlob).Raw(agreement.ServerValue)
            .Binary(hostKey.Sign(algorithms.HostKey, exchangeHash)).WrittenSpan.ToArray();
        var (incoming, outgoing) = CreateCiphers(algorithms, method.Hash, agreement.SharedSecret, exchangeHash);
        CryptographicOperations.ZeroMemory(agreement.SharedSecret);

        var outgoingInstalled = false;
        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await WriteLockedAsync(reply, cancellationToken).ConfigureAwait(false);
                await WriteLockedAsync(new[] { SshMessage.NewKeys }, cancellationToken).ConfigureAwait(false);
                _writer.ChangeCipher(outgoing, resetSequence: _strictKex);
                outgoingInstalled = true;
                if (initial && _clientWantsExtInfo)
                {
                    await WriteLockedAsync(ExtInfoMessage(), cancellationToken).ConfigureAwait(false);
                }

                _localKexInit = null;
                await ReleaseHeldSendsLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            await ReadKexMessageAsync(SshMessage.NewKeys, false, initial, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            incoming.Dispose();
            if (!outgoingInstalled)
            {
                outgoing.Dispose();
            }

            throw;
        }

        _reader.ChangeCipher(incoming, resetSequence: _strictKex);

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _kexInFlight = false;
        _lastKeyExchange = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _kexCount);
        StopReExchangeDeadline();
        _sendLock.Release();
        TransportLog.KeyExchanged(
            _logger, ConnectionId, _kexCount, algorithms.Kex, algorithms.HostKey,
            algorithms.CipherClientToServer, algorithms.MacClientToServer ?? "(aead)",
            algorithms.CipherServerToClient, algorithms.MacServerToClient ?? "(aead)", _strictKex);
        Observer.KeyExchanged(new SshKeyExchange(
            _kexCount, algorithms.Kex, algorithms.HostKey, algorithms.CipherClientToServer, algorithms.MacClientToServer,
            algorithms.CipherServerToClient, algorithms.MacServerToClient, _strictKex, initial && _clientWantsExtInfo));
    }

    /// <summary>Runs on a timer thread; <paramref name="exchange"/> tells an exchange that finished just now from the one still running.</summary>
    private void OnReExchangeDeadline(int exchange)
    {
        if (Volatile.Read(ref _kexCount) != exchange || Volatile.Read(ref _closed) == 1)
        {
            return;
        }

        _ = FailAsync(new SshProtocolException(
            SshDisconnectReason.ProtocolError, $"key re-exchange not finished within {_options.KeyReExchangeTimeout}")).AsTask();
    }

    private void StopReExchangeDeadline() => Interlocked.Exchange(ref _reExchangeDeadline, null)?.Dispose();

    /// <summary>
    /// The next message of the running exchange. Transport noise (IGNORE, DEBUG, UNIMPLEMENTED) is tolerated
    /// except during a strict initial exchange; anything else is a protocol error.
    /// </summary>
    private async ValueTask<ReadOnlyMemory<byte>> ReadKexMessageAsync(byte expected, bool skipOne, bool initial, CancellationToken cancellationToken)
    {
        var strict = initial && _strictKex;
        while (true)
        {
            var payload = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var type = payload.Span[0];
            if (type == expected)
            {
                if (skipOne)
                {
                    skipOne = false;
                    continue;
                }

                return payload;
            }

            switch (type)
            {
                case SshMessage.Ignore or SshMessage.Debug or SshMessage.Unimplemented when !strict:
                    continue;
                case SshMessage.Disconnect:
                    LogClientDisconnect(payload.Span);
                    throw new ClientDisconnectedException();
                default:
                    throw new SshProtocolException(
                        SshDisconnectReason.ProtocolError,
                        strict
                            ? $"strict key exchange: message {type} during the initial key exchange"
                            : $"message {type} during a key exchange (expected {expected})");
            }
        }
    }

    private byte[] ExchangeHash(HashAlgorithmName hash, byte[] clientKexInit, byte[] serverKexInit, ReadOnlySpan<byte> hostKeyBlob, KeyAgreement agreement)
    {
        var input = new SshWriter(4096)
            .Utf8(ClientVersion).Utf8(_serverVersion)
            .Binary(clientKexInit).Binary(serverKexInit).Binary(hostKeyBlob)
            .Raw(agreement.ClientValue).Raw(agreement.ServerValue).Raw(agreement.SharedSecret);
        using var digest = IncrementalHash.CreateHash(hash);
        digest.AppendData(input.WrittenSpan);
        return digest.GetHashAndReset();
    }

    private (PacketCipher Incoming, PacketCipher Outgoing) CreateCiphers(
        NegotiatedAlgorithms algorithms, HashAlgorithmName hash, byte[] sharedSecret, byte[] exchangeHash)
    {
        byte[] Derive(char letter, int length) => KeyDerivation.Derive(hash, sharedSecret, exchangeHash, letter, _sessionId, length);

        var inCipher = algorithms.CipherClientToServer;
        var outCipher = algorithms.CipherServerToClient;
        var inIv = Derive('A', CipherAlgorithms.IvSize(inCipher));
        var outIv = Derive('B', CipherAlgorithms.IvSize(outCipher));
        var inKey = Derive('C', CipherAlgorithms.KeySize(inCipher));
        var outKey = Derive('D', CipherAlgorithms.KeySize(outCipher));
        var inMacKey = Derive('E', CipherAlgorithms.MacKeySize(algorithms.MacClientToServer));
        var outMacKey = Derive('F', CipherAlgorithms.MacKeySize(algorithms.MacServerToClient));
        try
        {
            return (
                CipherAlgorithms.Create(inCipher, algorithms.MacClientToServer, inKey, inIv, inMacKey),
                CipherAlgorithms.Create(outCipher, algorithms.MacServerToClient, outKey, outIv, outMacKey));
        }
        finally
        {
            foreach (var secret in new[] { inIv, outIv, inKey, outKey, inMacKey, outMacKey })
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    /// <summary>The client sent DISCONNECT in the middle of a key exchange.</summary>
    private sealed class ClientDisconnectedException() : IOException("the client disconnected during the key exchange");
}
