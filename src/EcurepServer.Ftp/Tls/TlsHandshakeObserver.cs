namespace EcurepServer.Ftp.Tls;

/// <summary>
/// What the clear part of one TLS handshake showed, read from both directions as the bytes pass: the ClientHello,
/// the ServerHello, whether the server sent a Certificate (a full handshake) and the session tickets it issued.
/// </summary>
internal sealed class TlsHandshakeObserver
{
    private const byte ClientHelloMessage = 1;
    private const byte ServerHelloMessage = 2;
    private const byte NewSessionTicketMessage = 4;
    private const byte CertificateMessage = 11;

    // Bounds what one handshake may make the server hold: a ClientHello with post-quantum key shares is under 2 KiB.
    private const int MaxKeptMessageBytes = 64 * 1024;
    private const int MaxTickets = 4;

    private readonly TlsHandshakeReader _fromClient;
    private readonly TlsHandshakeReader _fromServer;
    private readonly List<byte[]> _issuedTickets = [];
    private bool _unreadable;

    public TlsHandshakeObserver()
    {
        _fromClient = new TlsHandshakeReader(type => type == ClientHelloMessage, MaxKeptMessageBytes, OnClientMessage);
        _fromServer = new TlsHandshakeReader(
            type => type is ServerHelloMessage or NewSessionTicketMessage, MaxKeptMessageBytes, OnServerMessage);
    }

    public ClientHello? ClientHello { get; private set; }

    public ServerHello? ServerHello { get; private set; }

    /// <summary>The server sent its certificate: a full handshake, no session was resumed.</summary>
    public bool ServerSentCertificate { get; private set; }

    /// <summary>The server's clear flight ended with its ChangeCipherSpec.</summary>
    public bool ServerChangedCipherSpec => _fromServer.ChangedCipherSpec;

    /// <summary>The tickets the server issued in this handshake (TLS 1.2 sends them in clear, before its ChangeCipherSpec).</summary>
    public IReadOnlyList<byte[]> IssuedTickets => _issuedTickets;

    /// <summary>Some bytes could not be read as the TLS handshake this observer understands; nothing it saw proves anything.</summary>
    public bool Unreadable => _unreadable || _fromClient.Malformed || _fromServer.Malformed;

    /// <summary>
    /// A TLS 1.2 handshake that resumed a session: the server answered the ClientHello with a ServerHello and went
    /// straight to ChangeCipherSpec (perhaps with a new ticket), without a Certificate.
    /// </summary>
    public bool ResumedTls12 =>
        !Unreadable && ClientHello is not null && ServerHello is { Version: ServerHello.Tls12 } && !ServerSentCertificate && ServerChangedCipherSpec;

    /// <summary>Whether the handshake resumed a session, as far as its clear part shows: null for TLS 1.3 or an unreadable handshake.</summary>
    public bool? Resumed => !Unreadable && ServerHello is { Version: ServerHello.Tls12 } ? ResumedTls12 : null;

    public void FromClient(ReadOnlySpan<byte> data) => _fromClient.Feed(data);

    public void FromServer(ReadOnlySpan<byte> data) => _fromServer.Feed(data);

    /// <summary>The handshake is over: nothing after it is read.</summary>
    public void Stop()
    {
        _fromClient.Stop();
        _fromServer.Stop();
    }

    private void OnClientMessage(byte type, ReadOnlySpan<byte> body)
    {
        if (type != ClientHelloMessage || ClientHello is not null)
        {
            _unreadable = true;
            return;
        }

        ClientHello = ClientHello.Parse(body);
        _unreadable |= ClientHello is null;

        // Everything the client sends after its ClientHello is of no interest (and in TLS 1.3 encrypted).
        _fromClient.Stop();
    }

    private void OnServerMessage(byte type, ReadOnlySpan<byte> body)
    {
        switch (type)
        {
            case ServerHelloMessage when ServerHello is null:
                ServerHello = ServerHello.Parse(body);
                _unreadable |= ServerHello is null;
                break;
            case NewSessionTicketMessage when _issuedTickets.Count < MaxTickets:
                if (NewSessionTicket.ParseTicket(body) is { } ticket)
                {
                    _issuedTickets.Add(ticket);
                }

                break;
            case CertificateMessage:
                ServerSentCertificate = true;
                break;
            case ServerHelloMessage:
                _unreadable = true;
                break;
        }
    }
}
