using System.Net;
using EcurepServer.Dialects;
using EcurepServer.Settings;
using EcurepServer.Ssh;

namespace EcurepServer.Tests;

public sealed class SshEngineOptionsTests
{
    private static readonly ReplyDialect NoSftpTexts = Dialect([], []);

    [Fact]
    public void Empty_algorithm_lists_mean_the_engine_defaults_and_the_banner_becomes_crlf_lines()
    {
        var options = SshEngineOptions.From(new SftpListenerOptions { BindAddress = "127.0.0.1", Port = 0, Banner = ["Welcome", "", "ready"] }, NoSftpTexts);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 0), options.EndPoint);
        Assert.Equal(SshServerOptions.DefaultCiphers, options.Ciphers);
        Assert.Equal(SshServerOptions.DefaultKexAlgorithms, options.KexAlgorithms);
        Assert.Equal("Welcome\r\n\r\nready\r\n", options.Banner);
    }

    [Fact]
    public void A_narrowed_list_is_passed_on_in_its_order_and_no_banner_sends_none()
    {
        var options = SshEngineOptions.From(new SftpListenerOptions { Ciphers = ["aes256-ctr", "aes128-gcm@openssh.com"] }, NoSftpTexts);

        Assert.Equal(["aes256-ctr", "aes128-gcm@openssh.com"], options.Ciphers);
        Assert.Null(options.Banner);
        Assert.Equal(SshServerOptions.DefaultAuthenticationMethods, options.AuthenticationMethods);
        Assert.Equal(2222, options.EndPoint.Port);
    }

    [Fact]
    public void Limits_are_passed_on_and_default_to_the_engines_own()
    {
        var configured = SshEngineOptions.From(new SftpListenerOptions
        {
            DeadClientTimeout = TimeSpan.FromSeconds(30),
            IdleTimeout = TimeSpan.FromMinutes(5),
            TotalChannelWindowBytes = 64L * 1024 * 1024,
            MaxClientKeyExchangesPerMinute = 3,
            MaxChannelWindowBytesPerConnection = 8L * 1024 * 1024,
            MaxChannelWindowBytesPerAddress = 32L * 1024 * 1024,
        }, NoSftpTexts);
        var defaults = SshEngineOptions.From(new SftpListenerOptions(), NoSftpTexts);

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)), (configured.DeadClientTimeout, configured.IdleTimeout));
        Assert.Equal(64L * 1024 * 1024, configured.TotalChannelWindowBytes);
        Assert.Equal(3, configured.MaxClientKeyExchangesPerMinute);
        Assert.Equal((8L * 1024 * 1024, 32L * 1024 * 1024), (configured.MaxChannelWindowBytesPerConnection, configured.MaxChannelWindowBytesPerAddress));
        Assert.Equal(new SshServerOptions().MaxChannelWindowBytesPerAddress, defaults.MaxChannelWindowBytesPerAddress);
        Assert.Equal(new SshServerOptions().MaxClientKeyExchangesPerMinute, defaults.MaxClientKeyExchangesPerMinute);
        Assert.Equal(new SshServerOptions().DeadClientTimeout, defaults.DeadClientTimeout);
        Assert.Equal(new SshServerOptions().TotalChannelWindowBytes, defaults.TotalChannelWindowBytes);
    }

    [Fact]
    public void The_dialect_gives_the_banner_and_the_methods_unless_the_site_has_its_own()
    {
        var dialect = Dialect(["Welcome to the IBM Centralized Customer Data Repository (ECuRep).", "   LOGIN"], ["publickey", "password"]);

        var fromDialect = SshEngineOptions.From(new SftpListenerOptions(), dialect);
        var fromSite = SshEngineOptions.From(new SftpListenerOptions { Banner = ["Site banner"], AuthenticationMethods = ["keyboard-interactive"] }, dialect);

        Assert.Equal("Welcome to the IBM Centralized Customer Data Repository (ECuRep).\r\n   LOGIN\r\n", fromDialect.Banner);
        Assert.Equal(["publickey", "password"], fromDialect.AuthenticationMethods);
        Assert.Equal("Site banner\r\n", fromSite.Banner);
        Assert.Equal(["keyboard-interactive"], fromSite.AuthenticationMethods);
    }

    private static ReplyDialect Dialect(IReadOnlyList<string> sftpBanner, IReadOnlyList<string> sftpMethods) =>
        new("test", "test.json", ["FTPS banner"], [], new Dictionary<string, string>()) { SftpBanner = sftpBanner, SftpAuthenticationMethods = sftpMethods };
}
