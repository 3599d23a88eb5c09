using EcurepServer.Ftp.Tls;
using static EcurepServer.Ftp.Tests.Infrastructure.TlsBytes;

namespace EcurepServer.Ftp.Tests.Tls;

public sealed class TlsHelloTests
{
    [Fact]
    public void Client_hello_gives_its_session_id_ticket_suites_and_extensions()
    {
        var message = ClientHelloMessage([1, 2, 3], ticket: [7, 7], suites: [0xC02F, 0xC02B], signatureSchemes: [0x0804, 0x0403], groups: [29, 23], versions: [0x0304, 0x0303]);

        var hello = Assert.IsType<ClientHello>(ClientHello.Parse(message[4..]));

        Assert.Equal([1, 2, 3], hello.SessionId);
        Assert.Equal([7, 7], hello.OfferedTicket);
        Assert.Equal([0xC02F, 0xC02B], hello.CipherSuites);
        Assert.Equal([0x0804, 0x0403], hello.SignatureSchemes);
        Assert.Equal([29, 23], hello.SupportedGroups);
        Assert.Equal([0x0304, 0x0303], hello.SupportedVersions);
    }

    [Fact]
    public void An_empty_session_ticket_extension_offers_no_ticket()
    {
        var hello = ClientHello.Parse(ClientHelloMessage([4], ticket: [])[4..])!;

        Assert.NotNull(hello.SessionTicket);
        Assert.Null(hello.OfferedTicket);
        Assert.Null(hello.SignatureSchemes);
    }

    [Fact]
    public void A_client_hello_without_extensions_is_read()
    {
        byte[] body = [3, 3, .. new byte[32], 0, 0, 2, 0xC0, 0x2B, 1, 0];

        var hello = ClientHello.Parse(body)!;

        Assert.Empty(hello.SessionId);
        Assert.Null(hello.SessionTicket);
    }

    [Fact]
    public void Every_truncation_of_a_client_hello_is_refused()
    {
        var body = ClientHelloMessage([1, 2], ticket: [3], signatureSchemes: [0x0403])[4..];

        const int WithoutExtensions = 2 + 32 + 1 + 2 + 2 + 2 + 1 + 1;
        for (var length = 0; length < body.Length; length++)
        {
            Assert.Equal(length == WithoutExtensions, ClientHello.Parse(body.AsSpan(0, length)) is not null);
        }
    }

    [Fact]
    public void A_client_hello_with_a_repeated_extension_or_a_long_session_id_is_refused()
    {
        byte[] repeated = [3, 3, .. new byte[32], 0, 0, 2, 0xC0, 0x2B, 1, 0, .. Vector2([.. Extension(35, [1]), .. Extension(35, [2])])];
        byte[] longId = [3, 3, .. new byte[32], 33, .. new byte[33], 0, 2, 0xC0, 0x2B, 1, 0];

        Assert.Null(ClientHello.Parse(repeated));
        Assert.Null(ClientHello.Parse(longId));
    }

    [Fact]
    public void Server_hello_gives_the_version_session_id_and_suite()
    {
        var tls12 = ServerHello.Parse(ServerHelloMessage([5, 6], suite: 0xC030)[4..])!;
        var tls13 = ServerHello.Parse(ServerHelloMessage([], suite: 0x1302, tls13: true)[4..])!;

        Assert.Equal(ServerHello.Tls12, tls12.Version);
        Assert.Equal([5, 6], tls12.SessionId);
        Assert.Equal(0xC030, tls12.CipherSuite);
        Assert.Equal(ServerHello.Tls13, tls13.Version);
        Assert.Null(ServerHello.Parse(ServerHelloMessage([5])[4..^3]));
    }

    [Fact]
    public void New_session_ticket_gives_its_ticket()
    {
        Assert.Equal([1, 2, 3], NewSessionTicket.ParseTicket(TicketMessage([1, 2, 3])[4..]));
        Assert.Null(NewSessionTicket.ParseTicket(TicketMessage([])[4..]));
        Assert.Null(NewSessionTicket.ParseTicket([0, 0, 0, 1, 0, 5, 1]));
    }
}
