using System.Text.Json;
using EcurepServer.Certificates;
using EcurepServer.Hosting;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.Tests;

/// <summary>The ready file, written by the host once its listeners accept and removed when it stops.</summary>
public sealed class ReadyFileTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task TheReadyFileHoldsTheListenersActualPortsAndIsRemovedOnStop()
    {
        var path = _workspace.PathOf("ready.json");
        using var host = EcurepHost.Build(_workspace.Root, ["--EcurepServer:ReadyFile=ready.json"]);
        Assert.False(File.Exists(path));

        await host.StartAsync();
        using (var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path)))
        {
            var ready = document.RootElement;
            var site = host.Services.GetServices<IHostedService>().OfType<FtpsSiteService>().Single();
            var listeners = host.Services.GetRequiredService<SiteListeners>().All;
            var europe = ready.GetProperty("sites").GetProperty("Europe");
            Assert.Equal(Environment.ProcessId, ready.GetProperty("pid").GetInt32());
            Assert.Equal(site.EndPoints[FtpsSiteService.Protocol].Port, europe.GetProperty("ftpsPort").GetInt32());
            Assert.Equal(listeners.Single(listener => listener.Protocol == "sftp").EndPoint!.Port, europe.GetProperty("sftpPort").GetInt32());
            Assert.NotEqual(0, europe.GetProperty("sftpPort").GetInt32());
            Assert.Equal(
                host.Services.GetRequiredService<FtpsCertificateProvider>().ForSite("Europe").Select(certificate => certificate.Fingerprint),
                europe.GetProperty("ftpsCertificates").EnumerateArray().Select(certificate => certificate.GetProperty("sha256").GetString()));
            Assert.Equal(3, ready.GetProperty("sshHostKeys").GetArrayLength());
            Assert.All(listeners, listener => Assert.True(listener.IsAccepting));
        }

        await host.StopAsync();
        Assert.False(File.Exists(path));
        Assert.All(host.Services.GetRequiredService<SiteListeners>().All, listener => Assert.False(listener.IsAccepting));
    }

    [Fact]
    public async Task AReadyFileInAMissingDirectoryIsAConfigurationError()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = EcurepHost.Build(_workspace.Root, ["--EcurepServer:ReadyFile=missing/ready.json"]);
            await host.StartAsync();
        });
        Assert.Contains("EcurepServer:ReadyFile: the directory", error.Message, StringComparison.Ordinal);
    }
}
