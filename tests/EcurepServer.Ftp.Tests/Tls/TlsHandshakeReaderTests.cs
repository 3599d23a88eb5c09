using EcurepServer.Ftp.Tls;
using static EcurepServer.Ftp.Tests.Infrastructure.TlsBytes;

namespace EcurepServer.Ftp.Tests.Tls;

public sealed class TlsHandshakeReaderTests
{
    private readonly List<(byte Type, byte[] Body)> _messages = [];

    [Fact]
    public void Messages_are_read_however_records_and_writes_split_them()
    {
        var serverHello = ServerHelloMessage([9, 9, 9]);
        var ticket = TicketMessage([5, 6, 7, 8]);

        // ServerHello split over two records, then Certificate and ServerHelloDone coalesced in one, then a ticket.
        byte[] wire =
        [
            .. Record(Handshake, serverHello[..10]),
            .. Record(Handshake, serverHello[10..]),
            .. Record(Handshake, CertificateMessage(), ServerHelloDoneMessage()),
            .. Record(Alert, [1, 0]),
            .. Record(Handshake, ticket),
            .. ChangeCipherSpecRecord(),
            .. Record(Handshake, ServerHelloMessage([1])),
        ];

        for (var chunk = 1; chunk <= wire.Length; chunk++)
        {
            _messages.Clear();
            var reader = NewReader(keep: type => type is ServerHelloType or NewSessionTicketType);
            for (var offset = 0; offset < wire.Length; offset += chunk)
            {
                reader.Feed(wire.AsSpan(offset, Math.Min(chunk, wire.Length - offset)));
            }

            Assert.False(reader.Malformed);
            Assert.True(reader.ChangedCipherSpec);
            Assert.Equal([ServerHelloType, CertificateType, ServerHelloDoneType, NewSessionTicketType], _messages.Select(m => m.Type));
            Assert.Equal(serverHello[4..], _messages[0].Body);
            Assert.Empty(_messages[1].Body);
            Assert.Equal(ticket[4..], _messages[3].Body);
        }
    }

    [Fact]
    public void A_kept_message_over_the_bound_makes_the_reader_give_up_without_buffering_it()
    {
        var reader = NewReader(keep: _ => true, maxKept: 100);

        reader.Feed(Record(Handshake, [ClientHelloType, 0xFF, 0xFF, 0xFF, 1, 2, 3]));

        Assert.True(reader.Malformed);
        Assert.Empty(_messages);
    }

    [Fact]
    public void A_message_not_kept_is_counted_past_whatever_its_length()
    {
        var reader = NewReader(keep: type => type == ServerHelloType, maxKept: 100);
        var certificate = Message(CertificateType, new byte[40_000]);

        for (var offset = 0; offset < certificate.Length; offset += 16_000)
        {
            reader.Feed(Record(Handshake, certificate[offset..Math.Min(offset + 16_000, certificate.Length)]));
        }

        reader.Feed(Record(Handshake, ServerHelloMessage([])));

        Assert.False(reader.Malformed);
        Assert.Equal([CertificateType, ServerHelloType], _messages.Select(m => m.Type));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'U', (byte)'S', (byte)'E', (byte)'R', (byte)' ', (byte)'x' })]
    [InlineData(new byte[] { 0x80, 0x2E, 1, 3, 1 })]
    [InlineData(new byte[] { 22, 3, 3, 0, 0 })]
    [InlineData(new byte[] { 22, 3, 3, 0x48, 1 })]
    [InlineData(new byte[] { 22, 2, 0, 0, 4 })]
    public void Bytes_that_are_no_tls_record_are_malformed(byte[] bytes)
    {
        var reader = NewReader(keep: _ => true);

        reader.Feed(bytes);

        Assert.True(reader.Malformed);
        Assert.True(reader.Ended);
    }

    [Fact]
    public void Nothing_is_read_after_stop()
    {
        var reader = NewReader(keep: _ => true);

        reader.Stop();
        reader.Feed(Record(Handshake, ServerHelloMessage([1])));

        Assert.Empty(_messages);
        Assert.False(reader.Malformed);
    }

    private TlsHandshakeReader NewReader(Func<byte, bool> keep, int maxKept = 64 * 1024) =>
        new(keep, maxKept, (type, body) => _messages.Add((type, body.ToArray())));
}
