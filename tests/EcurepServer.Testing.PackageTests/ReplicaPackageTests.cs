using System.Diagnostics;
using System.Security.Cryptography;
using EcurepServer.Testing;
using Renci.SshNet;

namespace EcurepServer.Testing.PackageTests;

/// <summary>A test team's suite: the packed library starts a replica; SSH.NET and curl upload; the library awaits both.</summary>
public sealed class ReplicaPackageTests
{
    [Fact]
    public async Task UploadsOverSftpAndFtpsAreAwaitedThroughTheLibrary()
    {
        await using var replica = await EcurepReplica.StartAsync();
        var account = await replica.AddAccountAsync();
        var europe = replica.Sites["Europe"];
        Assert.NotEqual(0, europe.FtpsPort);
        Assert.NotEqual(0, europe.SftpPort);
        Assert.NotEmpty(europe.FtpsCertificateFingerprints);
        Assert.Equal(3, replica.SshHostKeyFingerprints.Count);

        var sftpBytes = RandomNumberGenerator.GetBytes(150_000);
        using (var sftp = new SftpClient("127.0.0.1", europe.SftpPort, account.Id, account.Password))
        {
            sftp.Connect();
            using var source = new MemoryStream(sftpBytes);
            sftp.UploadFile(source, "/toibm/aix/TS012345678_sshnet.bin");
            sftp.Disconnect();
        }

        var ftpsBytes = RandomNumberGenerator.GetBytes(120_000);
        var local = Path.Combine(replica.RootDirectory, "curl.bin");
        await File.WriteAllBytesAsync(local, ftpsBytes);
        await RunAsync("curl", "-sS", "--ssl-reqd", "-k", "-T", local, $"ftp://127.0.0.1:{europe.FtpsPort}/toibm/aix/TS012345678_curl.bin", "--user", $"{account.Id}:{account.Password}");

        var bySftp = await replica.WaitForUploadAsync(upload => upload.Name == "TS012345678_sshnet.bin", TimeSpan.FromSeconds(60));
        var byFtps = await replica.WaitForUploadAsync(upload => upload.Name == "TS012345678_curl.bin", TimeSpan.FromSeconds(60));
        Assert.Equal("sftp", bySftp.Receipt.Protocol);
        Assert.Equal("ftps", byFtps.Receipt.Protocol);
        Assert.Equal("case TS012345678", byFtps.Route);
        Assert.Equal(sftpBytes, await bySftp.ReadAllBytesAsync());
        Assert.Equal(ftpsBytes, await byFtps.ReadAllBytesAsync());
        Assert.Equal(2, replica.Uploads.Count);

        await replica.ResetAsync();
        Assert.Empty(replica.Uploads);
        await Assert.ThrowsAsync<TimeoutException>(() => replica.WaitForUploadAsync(_ => true, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task AFaultAddedThroughTheLibraryFailsUploadsUntilItIsDisposed()
    {
        await using var replica = await EcurepReplica.StartAsync();
        var account = await replica.AddAccountAsync();
        var local = Path.Combine(replica.RootDirectory, "fault.bin");
        await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(10_000));
        string[] upload = ["-sS", "--ssl-reqd", "-k", "-T", local, $"ftp://127.0.0.1:{replica.Sites["Europe"].FtpsPort}/toibm/aix/fault.bin", "--user", $"{account.Id}:{account.Password}"];

        using (var fault = replica.Faults.Add(new Core.Configuration.FaultRuleOptions { Point = "STOR", Action = "reply", Code = 452 }))
        {
            await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => RunAsync("curl", upload));
            Assert.Equal(1, fault.Fired);
        }

        await RunAsync("curl", upload);
        Assert.Single(replica.Uploads);
        Assert.Empty(replica.Faults.List());
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{fileName} exited with {process.ExitCode}: {await error}");
    }
}
