using EcurepServer.Ftp.Tests.Infrastructure;
using EcurepServer.Ftp.Tls;
using static EcurepServer.Ftp.Tests.Infrastructure.TlsBytes;

namespace EcurepServer.Ftp.Tests.Tls;

/// <summary>
/// Which data handshakes count as resuming the control connection's session, on handshakes built byte by byte:
/// the control connection got session id S and ticket T.
/// </summary>
public sealed class ControlTlsSessionTests
{
    private static readonly byte[] SessionId = [.. Enumerable.Repeat((byte)0x5A, 32)];
    private static readonly byte[] Ticket = [.. Enumerable.Repeat((byte)0x7E, 160)];
    private static readonly byte[] OtherTicket = [.. Enumerable.Repeat((byte)0x11, 160)];
    private static readonly byte[] Random32 = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    private static readonly TlsCredential Credential = new(TestCertificate.Instance, requireSessionReuse: true);

    [Fact]
    public void Resuming_with_the_control_ticket_is_accepted_and_the_ticket_it_was_issued_counts_from_then_on()
    {
        var session = ControlSession();
        var renewed = Enumerable.Repeat((byte)0x42, 160).ToArray();

        Assert.Equal(DataSessionVerdict.Resumed, session.Check(Abbreviated(ClientHelloMessage(Random32, ticket: Ticket), Random32, issued: renewed)));
        Assert.Equal(DataSessionVerdict.Resumed, session.Check(Abbreviated(ClientHelloMessage(Random32, ticket: renewed), Random32)));
    }

    [Fact]
    public void Resuming_with_the_control_session_id_is_accepted_when_the_server_echoes_it()
    {
        var session = ControlSession();

        Assert.Equal(DataSessionVerdict.Resumed, session.Check(Abbreviated(ClientHelloMessage(SessionId, ticket: []), SessionId)));
        Assert.Equal(DataSessionVerdict.OtherSession, session.Check(Abbreviated(ClientHelloMessage(SessionId), Random32)));
    }

    [Fact]
    public void Resuming_another_session_is_refused_even_with_the_control_session_id_beside_another_ticket()
    {
        var session = ControlSession();

        Assert.Equal(DataSessionVerdict.OtherSession, session.Check(Abbreviated(ClientHelloMessage(Random32, ticket: OtherTicket), Random32)));
        Assert.Equal(DataSessionVerdict.OtherSession, session.Check(Abbreviated(ClientHelloMessage(SessionId, ticket: OtherTicket), SessionId)));
    }

    [Fact]
    public void A_full_handshake_is_refused_whatever_it_offered()
    {
        var session = ControlSession();

        Assert.Equal(DataSessionVerdict.NewSession, session.Check(Full(ClientHelloMessage([], ticket: []))));
        Assert.Equal(DataSessionVerdict.NotResumed, session.Check(Full(ClientHelloMessage(Random32, ticket: Ticket))));
        Assert.Equal(DataSessionVerdict.NotResumed, session.Check(Full(ClientHelloMessage(SessionId))));
    }

    [Fact]
    public void A_tls_1_3_or_unreadable_handshake_proves_nothing()
    {
        var session = ControlSession();
        var tls13 = new TlsHandshakeObserver();
        tls13.FromClient(Record(Handshake, ClientHelloMessage(Random32, ticket: Ticket)));
        tls13.FromServer([.. Record(Handshake, ServerHelloMessage(Random32, suite: 0x1302, tls13: true)), .. ChangeCipherSpecRecord()]);
        var garbled = new TlsHandshakeObserver();
        garbled.FromClient("USER x\r\n"u8);

        Assert.Equal(DataSessionVerdict.NotResumed, session.Check(tls13));
        Assert.Equal(DataSessionVerdict.Unreadable, session.Check(garbled));
    }

    [Fact]
    public void A_resumed_control_handshake_is_resumed_again_under_what_it_presented()
    {
        var control = Abbreviated(ClientHelloMessage(Random32, ticket: OtherTicket), Random32);
        var session = new ControlTlsSession(Credential, control);

        Assert.Equal(DataSessionVerdict.Resumed, session.Check(Abbreviated(ClientHelloMessage(SessionId, ticket: OtherTicket), SessionId)));
    }

    /// <summary>A full control handshake: the server assigned <see cref="SessionId"/> and issued <see cref="Ticket"/>.</summary>
    private static ControlTlsSession ControlSession()
    {
        var control = Full(ClientHelloMessage([], ticket: []), SessionId, issued: Ticket);
        return new ControlTlsSession(Credential, control);
    }

    private static TlsHandshakeObserver Full(byte[] clientHello, byte[]? sessionId = null, byte[]? issued = null)
    {
        var observer = new TlsHandshakeObserver();
        observer.FromClient(Record(Handshake, clientHello));
        observer.FromServer(Record(Handshake, ServerHelloMessage(sessionId ?? []), CertificateMessage(), ServerHelloDoneMessage()));
        if (issued is not null)
        {
            observer.FromServer(Record(Handshake, TicketMessage(issued)));
        }

        observer.FromServer(ChangeCipherSpecRecord());
        return observer;
    }

    private static TlsHandshakeObserver Abbreviated(byte[] clientHello, byte[] echoedSessionId, byte[]? issued = null)
    {
        var observer = new TlsHandshakeObserver();
        observer.FromClient(Record(Handshake, clientHello));
        byte[][] flight = issued is null ? [ServerHelloMessage(echoedSessionId)] : [ServerHelloMessage(echoedSessionId), TicketMessage(issued)];
        observer.FromServer([.. Record(Handshake, flight), .. ChangeCipherSpecRecord()]);
        return observer;
    }
}
