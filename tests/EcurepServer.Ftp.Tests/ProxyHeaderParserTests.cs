using System.Net;
using System.Text;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.TestSupport;

namespace EcurepServer.Ftp.Tests;

/// <summary>The PROXY protocol parser against HAProxy's specification of versions 1 and 2.</summary>
public sealed class ProxyHeaderParserTests
{
    private static readonly IPEndPoint Client4 = IPEndPoint.Parse("203.0.113.7:50123");
    private static readonly IPEndPoint Balancer4 = IPEndPoint.Parse("192.0.2.1:2121");
    private static readonly IPEndPoint Client6 = IPEndPoint.Parse("[2001:db8::7]:50123");
    private static readonly IPEndPoint Balancer6 = IPEndPoint.Parse("[2001:db8::1]:22");

    [Fact]
    public void V2_proxy_over_tcp4_and_tcp6_gives_both_endpoints()
    {
        var v4 = ProxyHeaderParser.ParseV2(ProxyHeaders.V2(Client4, Balancer4));
        var v6 = ProxyHeaderParser.ParseV2(ProxyHeaders.V2(Client6, Balancer6));

        Assert.Equal((Client4, Balancer4), (v4.Source, v4.Destination));
        Assert.Equal((Client6, Balancer6), (v6.Source, v6.Destination));
    }

    [Fact]
    public void V2_tlvs_after_the_addresses_are_skipped_by_the_length()
    {
        // PP2_TYPE_ALPN (0x01), 2 bytes "h2"; PP2_TYPE_NOOP (0x04) with 3 bytes of padding.
        byte[] tlvs = [0x01, 0x00, 0x02, (byte)'h', (byte)'2', 0x04, 0x00, 0x03, 0, 0, 0];

        var header = ProxyHeaderParser.ParseV2(ProxyHeaders.V2(Client4, Balancer4, tlvs));

        Assert.Equal(Client4, header.Source);
    }

    [Fact]
    public void V2_local_is_the_balancer_itself_whatever_the_address_block_holds()
    {
        Assert.True(ProxyHeaderParser.ParseV2(ProxyHeaders.V2Local()).IsLocal);
        Assert.True(ProxyHeaderParser.ParseV2(ProxyHeaders.V2Raw(0x20, 0x11, new byte[12])).IsLocal);
    }

    [Theory]
    [InlineData(0x11, 0x11, "version 1")]
    [InlineData(0x31, 0x11, "version 3")]
    [InlineData(0x22, 0x11, "command 2")]
    [InlineData(0x21, 0x12, "not TCP")]
    [InlineData(0x21, 0x31, "neither IPv4 nor IPv6")]
    [InlineData(0x21, 0x01, "neither IPv4 nor IPv6")]
    public void V2_other_versions_commands_transports_and_families_are_refused(byte versionCommand, byte familyTransport, string expected)
    {
        var header = ProxyHeaders.V2Raw(versionCommand, familyTransport, new byte[216]);

        var refusal = Assert.Throws<ProxyHeaderException>(() => ProxyHeaderParser.ParseV2(header));

        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void V2_an_address_block_shorter_than_its_family_needs_is_refused()
    {
        Assert.Throws<ProxyHeaderException>(() => ProxyHeaderParser.ParseV2(ProxyHeaders.V2Raw(0x21, 0x11, new byte[11])));
        Assert.Throws<ProxyHeaderException>(() => ProxyHeaderParser.ParseV2(ProxyHeaders.V2Raw(0x21, 0x21, new byte[12])));
    }

    [Fact]
    public void V2_a_header_of_another_length_than_its_length_field_says_is_refused()
    {
        var header = ProxyHeaders.V2(Client4, Balancer4);

        Assert.Throws<ProxyHeaderException>(() => ProxyHeaderParser.ParseV2(header.AsSpan(0, header.Length - 1)));
    }

    [Fact]
    public void V1_tcp4_tcp6_and_unknown()
    {
        var v4 = ProxyHeaderParser.ParseV1(ProxyHeaders.V1(Client4, Balancer4));
        var v6 = ProxyHeaderParser.ParseV1(ProxyHeaders.V1(Client6, Balancer6));

        Assert.Equal((Client4, Balancer4), (v4.Source, v4.Destination));
        Assert.Equal((Client6, Balancer6), (v6.Source, v6.Destination));
        Assert.True(ProxyHeaderParser.ParseV1("PROXY UNKNOWN\r\n"u8).IsLocal);
        Assert.True(ProxyHeaderParser.ParseV1("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"u8).IsLocal);
    }

    [Fact]
    public void V1_the_longest_line_is_unknown_with_two_full_ipv6_addresses_and_fits_in_107_bytes()
    {
        const string Fields = " ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
        var longest = "PROXY UNKNOWN" + Fields;

        Assert.Equal(ProxyHeaderParser.V1MaxLength, longest.Length);
        Assert.True(ProxyHeaderParser.ParseV1(Encoding.ASCII.GetBytes(longest)).IsLocal);
        Assert.Equal(65535, ProxyHeaderParser.ParseV1(Encoding.ASCII.GetBytes("PROXY TCP6" + Fields)).Source!.Port);
        Assert.Throws<ProxyHeaderException>(() => ProxyHeaderParser.ParseV1(Encoding.ASCII.GetBytes("PROXY  UNKNOWN" + Fields)));
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 50123 2121\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 50123\r\n")]
    [InlineData("PROXY TCP4  203.0.113.7 192.0.2.1 50123 2121\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 050123 2121\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 65536 2121\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 -1 2121\r\n")]
    [InlineData("PROXY TCP4 2001:db8::7 192.0.2.1 50123 2121\r\n")]
    [InlineData("PROXY TCP6 203.0.113.7 2001:db8::1 50123 2121\r\n")]
    [InlineData("PROXY TCP4 203.0.113 192.0.2.1 50123 2121\r\n")]
    [InlineData("PROXY TCP6 fe80::1%eth0 2001:db8::1 50123 2121\r\n")]
    [InlineData("PROXY UDP4 203.0.113.7 192.0.2.1 50123 2121\r\n")]
    [InlineData("PROXY tcp4 203.0.113.7 192.0.2.1 50123 2121\r\n")]
    [InlineData("proxy TCP4 203.0.113.7 192.0.2.1 50123 2121\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 50123 2121\t\r\n")]
    public void V1_lines_that_break_the_format_are_refused(string line)
    {
        Assert.Throws<ProxyHeaderException>(() => ProxyHeaderParser.ParseV1(Encoding.ASCII.GetBytes(line)));
    }

    [Fact]
    public void The_sniffer_knows_a_v1_line_and_the_v2_signature_as_a_line_reader_sees_them()
    {
        var v1 = new ProxyHeaderSniffer();
        var v2 = new ProxyHeaderSniffer();
        var ftp = new ProxyHeaderSniffer();
        var emptyThenUser = new ProxyHeaderSniffer();

        Assert.Equal(ProxyHeaderVerdict.ProxyHeader, v1.Next("PROXY TCP4 1.2.3.4 5.6.7.8 1 2"u8));
        Assert.Equal(ProxyHeaderVerdict.Undecided, v2.Next("\r"u8));
        Assert.Equal(ProxyHeaderVerdict.Undecided, v2.Next(""u8));
        Assert.Equal(ProxyHeaderVerdict.ProxyHeader, v2.Next("\0\r"u8));
        Assert.Equal(ProxyHeaderVerdict.NotProxyHeader, ftp.Next("USER anonymous"u8));
        Assert.Equal(ProxyHeaderVerdict.Undecided, emptyThenUser.Next(""u8));
        Assert.Equal(ProxyHeaderVerdict.NotProxyHeader, emptyThenUser.Next("USER anonymous"u8));
    }

    [Fact]
    public void Trusted_proxies_are_addresses_or_networks_and_anything_else_is_named_by_its_key()
    {
        var options = new ProxyProtocolOptions { TrustedProxies = ["10.0.0.0/24", "192.0.2.1", "2001:db8::/64", "balancer.example"] };
        var problems = new EcurepServer.Connections.OptionProblems("EcurepServer:Sites:Europe:ProxyProtocol");

        options.Validate(problems, string.Empty);
        options.TrustedProxies.RemoveAt(3);
        var gate = ProxyProtocolGate.From(options);

        Assert.Equal(["EcurepServer:Sites:Europe:ProxyProtocol:TrustedProxies:3: 'balancer.example' is neither an IP address nor a network in CIDR notation."], problems.Found);
        Assert.True(gate.Trusts(IPAddress.Parse("10.0.0.200")));
        Assert.True(gate.Trusts(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.True(gate.Trusts(IPAddress.Parse("2001:db8::99")));
        Assert.False(gate.Trusts(IPAddress.Parse("10.0.1.1")));
        Assert.False(gate.Trusts(IPAddress.Parse("192.0.2.2")));
        Assert.False(ProxyProtocolGate.None.Trusts(IPAddress.Loopback));
    }
}
