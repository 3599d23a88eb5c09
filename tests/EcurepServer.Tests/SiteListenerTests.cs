using System.Net;
using EcurepServer.Ftp.Data;
using EcurepServer.Hosting;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.Tests;

/// <summary>The shipped configuration's three sites, started for real on ephemeral loopback ports.</summary>
public sealed class SiteListenerTests : IAsyncLifetime
{
    private static readonly string[] Sites = ["Europe", "AsiaPacific", "Americas"];

    private readonly TempWorkspace _workspace = new();
    private IHost? _host;

    public Task InitializeAsync()
    {
        File.Copy(Path.Combine(RepositoryFiles.Root(), "config", "appsettings.json"), _workspace.SettingsPath, overwrite: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        _workspace.Dispose();
    }

    [Fact]
    public async Task TheThreeDefaultSitesBindAndGreetWithTheirOwnBanners()
    {
        var services = await StartAsync();

        Assert.Equal(3, services.Count);
        await using var europe = await FtpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, services["Europe"].EndPoints[FtpsSiteService.Protocol].Port));
        await using var asia = await FtpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, services["AsiaPacific"].EndPoints[FtpsSiteService.Protocol].Port));
        await using var americas = await FtpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, services["Americas"].EndPoints[FtpsSiteService.Protocol].Port));

        Assert.Equal("220 FTPS server ftps.ecurep.ibm.com ready", europe.Greeting.Lines[^1]);
        Assert.Equal("220 FTPS server ftps.ap.ecurep.ibm.com ready", asia.Greeting.Lines[^1]);
        Assert.StartsWith("220-FTPD1 IBM FTP CS V1R2 at testcase.boulder.ibm.com, ", americas.Greeting.Lines[0], StringComparison.Ordinal);
        Assert.Equal("220 Connection will close if idle for more than 15 minutes.", americas.Greeting.Lines[^1]);
        Assert.Contains("211-TLS security is supported at the RFC4217 level", (await europe.CommandAsync("STAT")).Lines);
        Assert.Contains("211-TLS security is supported at the DRAFT level", (await americas.CommandAsync("STAT")).Lines);
        Assert.Equal(["530 Please login with USER and PASS after AUTH TLS"], (await europe.CommandAsync("USER anonymous")).Lines);
        Assert.All(services.Values, service => Assert.False(service.EndPoints.ContainsKey(FtpsSiteService.LegacyProtocol)));
    }

    [Fact]
    public async Task TheLegacyPlainListenerAcceptsALoginWithoutTlsWhenEnabled()
    {
        var services = await StartAsync("--EcurepServer:Sites:Europe:LegacyPlain:Enabled=true", "--EcurepServer:Sites:Europe:LegacyPlain:Port=0");
        var europe = services["Europe"];
        await using var client = await FtpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, europe.EndPoints[FtpsSiteService.LegacyProtocol].Port));

        Assert.Equal("220 FTPS server ftps.ecurep.ibm.com ready", client.Greeting.Lines[^1]);
        Assert.Equal(["331 Send email address as password please."], (await client.CommandAsync("USER anonymous")).Lines);
        Assert.Equal("230 User anonymous logged in", (await client.CommandAsync("PASS tester@example.com")).Lines[^1]);
        Assert.Equal(["257 \"/\" is the current directory"], (await client.CommandAsync("PWD")).Lines);
        Assert.Contains("211-Authentication type: none", (await client.CommandAsync("STAT")).Lines);
        Assert.NotEqual(europe.EndPoints[FtpsSiteService.Protocol].Port, europe.EndPoints[FtpsSiteService.LegacyProtocol].Port);
    }

    [Fact]
    public async Task SitesWithTheSamePassiveRangeShareOnePool()
    {
        await StartAsync();
        var pools = _host!.Services.GetRequiredService<PassivePortPools>();

        Assert.Same(pools.For(65024, 65535), pools.For(65024, 65535));
        Assert.NotSame(pools.For(65024, 65535), pools.For(50000, 50010));
    }

    private async Task<Dictionary<string, FtpsSiteService>> StartAsync(params string[] overrides)
    {
        List<string> settings =
        [
            "--Serilog:WriteTo:0:Args:restrictedToMinimumLevel=Fatal",
            "--EcurepServer:Pbkdf2Iterations=10000",
            "--EcurepServer:DropBox:FailedLoginDelay=00:00:00",
            .. Sites.SelectMany(site => new[]
            {
                $"--EcurepServer:Sites:{site}:Ftps:Port=0",
                $"--EcurepServer:Sites:{site}:Ftps:BindAddress=127.0.0.1",
                $"--EcurepServer:Sites:{site}:Ssh:Port=0",
                $"--EcurepServer:Sites:{site}:Ssh:BindAddress=127.0.0.1",
            }),
            .. overrides,
        ];
        _host = EcurepHost.Build(_workspace.Root, settings);
        await _host.StartAsync();
        return _host.Services.GetServices<IHostedService>().OfType<FtpsSiteService>().ToDictionary(service => service.SiteName);
    }
}
