using System.Text;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace EcurepServer.Tests;

public sealed class OptionsValidationTests
{
    private const string Ftps = "EcurepServer:Sites:Europe:Ftps";
    private const string Legacy = "EcurepServer:Sites:Europe:LegacyPlain";
    private const string Ssh = "EcurepServer:Sites:Europe:Ssh";

    [Fact]
    public void TheTestBaselineIsValid() => Assert.Empty(Failures());

    [Fact]
    public void TheRepositoryConfigurationIsValid()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryFiles.Root(), "config", "appsettings.json"))
            .Build();

        var result = new EcurepServerOptionsValidator(RepositoryFiles.Root()).Validate(null, AppConfiguration.BindOptions(configuration, RepositoryFiles.Root()));

        Assert.False(result.Failed, result.FailureMessage);
    }

    [Theory]
    [InlineData($"{Ftps}:Port=70000", $"{Ftps}:Port")]
    [InlineData($"{Ftps}:Port=-1", $"{Ftps}:Port")]
    [InlineData($"{Ftps}:PassivePortMin=60000;{Ftps}:PassivePortMax=50000", $"{Ftps}:PassivePortMin")]
    [InlineData($"{Ftps}:PassivePortMin=0;{Ftps}:PassivePortMax=50000", $"{Ftps}:PassivePortMin")]
    [InlineData($"{Ftps}:PassivePortMin=50000;{Ftps}:PassivePortMax=70000", $"{Ftps}:PassivePortMax")]
    [InlineData($"{Ftps}:Port=2121;{Ftps}:PassivePortMin=2000;{Ftps}:PassivePortMax=3000", $"{Ftps}:Port")]
    [InlineData($"{Ftps}:PassiveAddress=::1", $"{Ftps}:PassiveAddress")]
    [InlineData($"{Ftps}:IdleTimeout=00:00:00", $"{Ftps}:IdleTimeout")]
    [InlineData($"{Ftps}:LoginGraceTime=00:00:00", $"{Ftps}:LoginGraceTime")]
    [InlineData($"{Ftps}:Banner:0= ", $"{Ftps}:Banner")]
    [InlineData($"{Ftps}:Banner:1=a\tb", $"{Ftps}:Banner:1")]
    [InlineData($"{Ftps}:Certificate:PemKey=certs/server.key", $"{Ftps}:Certificate:PemCertificate")]
    [InlineData($"{Ftps}:Certificate:Pfx=a.pfx;{Ftps}:Certificate:PemCertificate=a.crt;{Ftps}:Certificate:PemKey=a.key", $"{Ftps}:Certificate")]
    [InlineData($"{Ftps}:PassivePortMin=100;{Ftps}:PassivePortMax=200", $"{Ftps}:PassivePortMin")]
    [InlineData($"{Ftps}:MaxSessions=0", $"{Ftps}:MaxSessions")]
    [InlineData($"{Ftps}:MaxPassivePortsPerAddress=0", $"{Ftps}:MaxPassivePortsPerAddress")]
    [InlineData($"{Ftps}:DataTimeout=-00:00:05", $"{Ftps}:DataTimeout")]
    [InlineData($"{Ftps}:DeadClientTimeout=00:00:01", $"{Ftps}:DeadClientTimeout")]
    [InlineData($"{Ftps}:DeadClientTimeout=-00:00:05", $"{Ftps}:DeadClientTimeout")]
    [InlineData($"{Ftps}:Replies:LoginSucceeded=", $"{Ftps}:Replies:LoginSucceeded")]
    [InlineData($"{Ftps}:Replies:NoSuchText=x", $"{Ftps}:Replies:NoSuchText")]
    [InlineData("EcurepServer:Sites:Europe:Dialect=nosuch", "EcurepServer:Sites:Europe:Dialect")]
    [InlineData("EcurepServer:Sites:Europe:Dialect=../appsettings", "EcurepServer:Sites:Europe:Dialect")]
    [InlineData("EcurepServer:DialectDirectory= ", "EcurepServer:DialectDirectory")]
    [InlineData($"{Legacy}:Enabled=true;{Legacy}:Port=70000", $"{Legacy}:Port")]
    [InlineData($"{Ftps}:PassivePortMin=50000;{Ftps}:PassivePortMax=50010;{Legacy}:Enabled=true;{Legacy}:Port=50005", $"{Legacy}:Port")]
    [InlineData($"{Ftps}:Port=2121;{Legacy}:Enabled=true;{Legacy}:Port=2121", $"{Legacy}:Port")]
    [InlineData($"{Ftps}:Enabled=false;{Legacy}:Enabled=true;{Legacy}:Port=1;{Ftps}:MaxSessions=0", $"{Ftps}:MaxSessions")]
    [InlineData($"{Ssh}:Port=65536", $"{Ssh}:Port")]
    [InlineData($"{Ssh}:IdleTimeout=00:00:00", $"{Ssh}:IdleTimeout")]
    [InlineData($"{Ssh}:LoginGraceTime=00:00:00", $"{Ssh}:LoginGraceTime")]
    [InlineData($"{Ssh}:DeadClientTimeout=00:00:00.500", $"{Ssh}:DeadClientTimeout")]
    [InlineData($"{Ssh}:MaxAuthFailures=0", $"{Ssh}:MaxAuthFailures")]
    [InlineData($"{Ssh}:MaxSessionsPerAddress=0", $"{Ssh}:MaxSessionsPerAddress")]
    [InlineData($"{Ssh}:MaxSessions=0", $"{Ssh}:MaxSessions")]
    [InlineData($"{Ssh}:TotalChannelWindowBytes=32768", $"{Ssh}:TotalChannelWindowBytes")]
    [InlineData($"{Ssh}:MaxChannelWindowBytesPerConnection=32768", $"{Ssh}:MaxChannelWindowBytesPerConnection")]
    [InlineData($"{Ssh}:ChannelInitialWindowSize=16384", $"{Ssh}:ChannelInitialWindowSize")]
    [InlineData($"{Ssh}:MaxChannelWindowBytesPerAddress=0", $"{Ssh}:MaxChannelWindowBytesPerAddress")]
    [InlineData($"{Ssh}:RekeyAfterBytes=1000", $"{Ssh}:RekeyAfterBytes")]
    [InlineData($"{Ssh}:KeyReExchangeTimeout=00:00:00", $"{Ssh}:KeyReExchangeTimeout")]
    [InlineData($"{Ssh}:MaxClientKeyExchangesPerMinute=0", $"{Ssh}:MaxClientKeyExchangesPerMinute")]
    [InlineData($"{Ssh}:Ciphers:0=aes128-cbc", $"{Ssh}:Ciphers:0")]
    [InlineData($"{Ssh}:Macs:0=hmac-sha1", $"{Ssh}:Macs:0")]
    [InlineData($"{Ssh}:KexAlgorithms:0=diffie-hellman-group14-sha1", $"{Ssh}:KexAlgorithms:0")]
    [InlineData($"{Ssh}:HostKeyAlgorithms:0=ssh-rsa", $"{Ssh}:HostKeyAlgorithms:0")]
    [InlineData($"{Ssh}:Banner:0=a\rb", $"{Ssh}:Banner:0")]
    [InlineData($"{Ftps}:SecondCertificate:Pfx=second.pfx", $"{Ftps}:SecondCertificate")]
    [InlineData($"{Ftps}:Certificate:Pfx=first.pfx;{Ftps}:SecondCertificate:PemKey=second.key", $"{Ftps}:SecondCertificate:PemCertificate")]
    [InlineData($"{Ssh}:AuthenticationMethods:0=hostbased", $"{Ssh}:AuthenticationMethods:0")]
    [InlineData("EcurepServer:ShutdownGracePeriod=-00:00:01", "EcurepServer:ShutdownGracePeriod")]
    [InlineData("EcurepServer:DataDirectory= ", "EcurepServer:DataDirectory")]
    [InlineData("EcurepServer:Sites:Europe:HostNames:0=not a host", "EcurepServer:Sites:Europe:HostNames:0")]
    public void ABadValueIsRefusedWithItsKey(string settings, string key)
    {
        var failures = Failures(settings.Split(';'));

        Assert.Contains(failures, failure => failure.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void ABannerOverTwoKibibytesIsRefused()
    {
        var failures = Failures($"{Ftps}:Banner:1={new string('x', 2048)}");

        Assert.Contains(failures, failure => failure.StartsWith($"{Ftps}:Banner:", StringComparison.Ordinal) && failure.Contains("2048", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoSitesOnTheSameFixedPortAreRefused()
    {
        var failures = Failures(
            $"{Ftps}:Port=2121",
            "EcurepServer:Sites:Asia:Ftps:BindAddress=127.0.0.1",
            "EcurepServer:Sites:Asia:Ftps:Port=2121",
            "EcurepServer:Sites:Asia:Ftps:PassivePortMin=0",
            "EcurepServer:Sites:Asia:Ftps:PassivePortMax=0",
            "EcurepServer:Sites:Asia:Ftps:Banner:0=ready");

        Assert.Contains(failures, failure => failure.StartsWith("EcurepServer:Sites:", StringComparison.Ordinal) && failure.Contains("already used by site", StringComparison.Ordinal));
    }

    [Fact]
    public void AnSshListenerOnTheFtpsPortOfTheSameAddressIsRefused()
    {
        var failures = Failures($"{Ftps}:Port=2121", $"{Ssh}:Port=2121");

        Assert.Contains(failures, failure => failure.StartsWith($"{Ssh}:Port:", StringComparison.Ordinal) && failure.Contains("site Europe", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAlgorithmListMayBeNarrowed() =>
        Assert.Empty(Failures($"{Ssh}:Ciphers:0=aes256-gcm@openssh.com", $"{Ssh}:KexAlgorithms:0=curve25519-sha256"));

    [Fact]
    public void ADisabledListenerIsNotChecked() =>
        Assert.Empty(Failures($"{Ftps}:Enabled=false", $"{Ftps}:Port=70000", $"{Ftps}:Banner:0="));

    [Fact]
    public void EphemeralPortsAreAccepted() =>
        Assert.Empty(Failures($"{Ftps}:Port=0", $"{Ftps}:PassivePortMin=0", $"{Ftps}:PassivePortMax=0"));

    [Fact]
    public void TheDialectFileNamesTheUnknownKey()
    {
        using var workspace = new TempWorkspace();
        Directory.CreateDirectory(workspace.PathOf("config", "dialects"));
        File.WriteAllText(workspace.PathOf("config", "dialects", "custom.json"), """{ "Banner": [ "ready" ], "Replies": { "Bogus": "x" } }""");

        var failures = FailuresIn(workspace.Root, "EcurepServer:Sites:Europe:Dialect=custom");

        var failure = Assert.Single(failures);
        Assert.StartsWith("EcurepServer:Sites:Europe:Dialect: ", failure, StringComparison.Ordinal);
        Assert.Contains("custom.json: Replies:Bogus: unknown reply text", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ADialectTextOverTheLimitIsRefusedNamingFileAndKey()
    {
        using var workspace = new TempWorkspace();
        Directory.CreateDirectory(workspace.PathOf("config", "dialects"));
        File.WriteAllText(workspace.PathOf("config", "dialects", "custom.json"), """{ "Banner": [ "ready" ], "Replies": { "Goodbye": "" } }""");

        var failure = Assert.Single(FailuresIn(workspace.Root, "EcurepServer:Sites:Europe:Dialect=custom"));

        Assert.Contains("custom.json: Replies:Goodbye: must not be empty", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownRfc4217LevelNamesItsKey()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Failures($"{Ftps}:Rfc4217Level=Sideways"));

        Assert.Contains($"{Ftps}:Rfc4217Level", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"{Ftps}:BindAddress=everywhere", $"{Ftps}:BindAddress")]
    [InlineData($"{Ssh}:BindAddress=anywhere", $"{Ssh}:BindAddress")]
    public void AnUnreadableAddressNamesItsKey(string setting, string key)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Failures(setting));

        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableTimeSpanNamesItsKey()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Failures($"{Ftps}:IdleTimeout=fifteen minutes"));

        Assert.Contains($"{Ftps}:IdleTimeout", exception.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(params string[] settings) => FailuresIn(RepositoryFiles.Root(), settings);

    private static IReadOnlyList<string> FailuresIn(string workingDirectory, params string[] settings)
    {
        var json = TempWorkspace.ValidSettings().ToJsonString();
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection(settings.Select(Setting))
            .Build();
        var result = new EcurepServerOptionsValidator(workingDirectory).Validate(null, AppConfiguration.BindOptions(configuration, workingDirectory));
        return result.Failed ? [.. result.Failures] : [];
    }

    private static KeyValuePair<string, string?> Setting(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        return new(setting[..equals], setting[(equals + 1)..]);
    }
}
