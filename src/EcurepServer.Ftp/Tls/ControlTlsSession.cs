using System.Security.Cryptography;

namespace EcurepServer.Ftp.Tls;

/// <summary>
/// The TLS session of one control connection, as its data connections must resume it: the certificate it was
/// established with, and the identities under which a client can resume it (the session id the server assigned,
/// the tickets the server issued, the identity a resumed control handshake presented). They travel in clear in TLS
/// 1.2, and a completed abbreviated handshake under one of them proves the client holds this session's master secret.
/// In one process serving everyone, "resumed" alone proves nothing: any client can resume a session of its own.
/// </summary>
internal sealed class ControlTlsSession
{
    // Every accepted data connection may add the ticket it was issued; the oldest ones make room.
    private const int MaxIdentities = 8;

    private const byte SessionIdKind = 1;
    private const byte TicketKind = 2;

    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _identities = new();

    public ControlTlsSession(TlsCredential credential, TlsHandshakeObserver control)
    {
        Credential = credential;
        Resumed = control.Resumed;
        if (control.ServerHello is not { Version: ServerHello.Tls12 } hello || control.Unreadable)
        {
            return;
        }

        if (control.ResumedTls12)
        {
            AddOffered(control.ClientHello!);
        }
        else if (hello.SessionId.Length > 0)
        {
            Add(SessionIdKind, hello.SessionId);
        }

        AddTickets(control);
    }

    public TlsCredential Credential { get; }

    /// <summary>Whether the control handshake itself resumed an earlier session (null when that cannot be seen).</summary>
    public bool? Resumed { get; }

    /// <summary>Whether the data connection's handshake resumed this session; a resumption adds the tickets it was issued.</summary>
    public DataSessionVerdict Check(TlsHandshakeObserver data)
    {
        if (data.Unreadable || data.ClientHello is not { } hello || data.ServerHello is null)
        {
            return DataSessionVerdict.Unreadable;
        }

        var offered = Offered(hello);
        bool known;
        lock (_lock)
        {
            known = offered is not null && _identities.Any(identity => identity.AsSpan().SequenceEqual(offered));
        }

        if (!data.ResumedTls12)
        {
            return known ? DataSessionVerdict.NotResumed : DataSessionVerdict.NewSession;
        }

        // Resumed by session id, the server echoes it (RFC 5246 7.4.1.3); by ticket, the ticket alone decides.
        if (!known || (hello.OfferedTicket is null && !data.ServerHello.SessionId.AsSpan().SequenceEqual(hello.SessionId)))
        {
            return DataSessionVerdict.OtherSession;
        }

        AddTickets(data);
        return DataSessionVerdict.Resumed;
    }

    /// <summary>The identity a ClientHello resumes under: its ticket when it offers one (servers prefer it), else its session id.</summary>
    private static byte[]? Offered(ClientHello hello) =>
        hello.OfferedTicket is { } ticket ? Hash(TicketKind, ticket)
        : hello.SessionId.Length > 0 ? Hash(SessionIdKind, hello.SessionId)
        : null;

    private static byte[] Hash(byte kind, byte[] value)
    {
        var input = new byte[value.Length + 1];
        input[0] = kind;
        value.CopyTo(input, 1);
        return SHA256.HashData(input);
    }

    private void AddOffered(ClientHello hello)
    {
        if (Offered(hello) is { } identity)
        {
            Add(identity);
        }
    }

    private void AddTickets(TlsHandshakeObserver observer)
    {
        foreach (var ticket in observer.IssuedTickets)
        {
            Add(TicketKind, ticket);
        }
    }

    private void Add(byte kind, byte[] value) => Add(Hash(kind, value));

    private void Add(byte[] identity)
    {
        lock (_lock)
        {
            if (_identities.Any(known => known.AsSpan().SequenceEqual(identity)))
            {
                return;
            }

            if (_identities.Count == MaxIdentities)
            {
                _identities.Dequeue();
            }

            _identities.Enqueue(identity);
        }
    }
}
