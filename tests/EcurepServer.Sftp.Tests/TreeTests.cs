using System.Text;
using EcurepServer.Core.Configuration;
using EcurepServer.Sftp.Tests.Support;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>What a client sees of the tree: INIT, REALPATH, STAT, listings and the refused requests.</summary>
public sealed class TreeTests : IAsyncLifetime
{
    private readonly SftpFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Fact]
    public async Task Init_answers_version_3_with_the_openssh_extensions()
    {
        var client = _fixture.Start();
        var version = await client.InitAsync(version: 6);

        Assert.Equal(3u, version.ReadUInt32());
        var extensions = new Dictionary<string, string>();
        while (!version.AtEnd)
        {
            extensions[version.ReadString()] = version.ReadString();
        }

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["posix-rename@openssh.com"] = "1",
                ["statvfs@openssh.com"] = "2",
                ["fsync@openssh.com"] = "1",
                ["limits@openssh.com"] = "1",
            },
            extensions);
    }

    [Fact]
    public async Task Limits_are_those_of_openssh()
    {
        var client = await _fixture.StartInitializedAsync();
        var reply = await client.ExtendedAsync("limits@openssh.com");

        Assert.Equal(201, reply.Type);
        Assert.Equal([262144UL, 261120UL, 261120UL, 0UL], [reply.ReadUInt64(), reply.ReadUInt64(), reply.ReadUInt64(), reply.ReadUInt64()]);
    }

    [Theory]
    [InlineData(".", "/")]
    [InlineData("", "/")]
    [InlineData("toibm", "/toibm")]
    [InlineData("toibm/./aix/", "/toibm/aix")]
    [InlineData("/toibm/aix/../linux", "/toibm/linux")]
    [InlineData("../../..", "/")]
    [InlineData("toibm/aix/new-file.zip", "/toibm/aix/new-file.zip")]
    public async Task Realpath_resolves_against_the_root(string input, string expected)
    {
        var client = await _fixture.StartInitializedAsync();
        var reply = await client.RealpathAsync(input);

        Assert.Equal(Reply.Name, reply.Type);
        Assert.Equal(1u, reply.ReadUInt32());
        Assert.Equal(expected, reply.ReadString());
    }

    [Fact]
    public async Task Cd_into_a_write_only_product_directory_works()
    {
        var client = await _fixture.StartInitializedAsync();
        var real = await client.RealpathAsync("toibm/aix");
        real.ReadUInt32();
        var path = real.ReadString();

        var stat = await client.StatAsync(path);

        Assert.Equal(Reply.Attrs, stat.Type);
        var (_, permissions) = stat.ReadAttrs();
        Assert.Equal(0x4000u | 0xDB, permissions); // 040333: d-wx-wx-wx
    }

    [Fact]
    public async Task Root_and_toibm_are_directories_that_can_be_listed()
    {
        var client = await _fixture.StartInitializedAsync();

        var root = await client.ListAsync("/");
        var toibm = await client.ListAsync("toibm");

        var only = Assert.Single(root.Entries);
        Assert.Equal("toibm", only.Name);
        Assert.Equal(0x4000u | 0x16D, only.Permissions); // 040555
        Assert.StartsWith("dr-xr-xr-x ", only.LongName, StringComparison.Ordinal);
        Assert.EndsWith(" toibm", only.LongName, StringComparison.Ordinal);
        Assert.Equal(["0-README.txt", "aix", "linux"], toibm.Entries.Select(e => e.Name));
        Assert.Equal(0x8000u | 0x124, toibm.Entries[0].Permissions); // 0100444
        Assert.StartsWith("d-wx-wx-wx ", toibm.Entries[1].LongName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fromibm_is_not_there_over_sftp()
    {
        var client = await _fixture.StartInitializedAsync();

        Assert.Equal(NoSuchFile, ReadStatus(await client.StatAsync("/fromibm")).Code);
        Assert.Equal(NoSuchFile, (await client.ListAsync("/fromibm")).Refused!.Value.Code);
    }

    [Fact]
    public async Task Listing_a_write_only_directory_is_refused_with_cores_message()
    {
        var client = await _fixture.StartInitializedAsync();

        var (code, message) = (await client.ListAsync("/toibm/aix")).Refused!.Value;

        Assert.Equal(PermissionDenied, code);
        Assert.Equal("toibm/aix is write-only: uploads are allowed, listing and reading are not.", message);
    }

    [Fact]
    public async Task The_readme_can_be_read_to_its_end()
    {
        var client = await _fixture.StartInitializedAsync();
        var handle = await client.OpenHandleAsync("/toibm/0-README.txt", Read);

        var data = await client.ReadAsync(handle, 5, 1000);
        Assert.Equal(Reply.Data, data.Type);
        Assert.Equal("me first.\n", Encoding.UTF8.GetString(data.ReadBytes()));
        Assert.Equal(Eof, ReadStatus(await client.ReadAsync(handle, 15, 1000)).Code);

        var fstat = await client.RequestAsync(8, p => p.String(handle));
        Assert.Equal(15ul, fstat.ReadAttrs().Size);
        ExpectOk(await client.CloseAsync(handle));
    }

    [Fact]
    public async Task Reading_in_a_product_directory_is_refused()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/mine.bin", [1, 2, 3])).Code);

        var (code, message) = ReadStatus(await client.OpenAsync("/toibm/aix/mine.bin", Read));

        Assert.Equal(PermissionDenied, code);
        Assert.Contains("write-only", message, StringComparison.Ordinal);
        Assert.Equal(Failure, ReadStatus(await client.OpenAsync("/toibm", Read)).Code);
    }

    [Fact]
    public async Task Remove_mkdir_rmdir_and_links_are_refused()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/keep.bin", [7])).Code);

        var remove = ReadStatus(await client.RequestAsync(13, p => p.String("/toibm/aix/keep.bin")));
        var removeMissing = ReadStatus(await client.RequestAsync(13, p => p.String("/toibm/aix/none.bin")));
        var mkdir = ReadStatus(await client.RequestAsync(14, p => p.String("/toibm/aix/sub").Attrs()));
        var rmdir = ReadStatus(await client.RequestAsync(15, p => p.String("/toibm/aix")));
        var symlink = ReadStatus(await client.RequestAsync(20, p => p.String("/toibm/aix/l").String("/toibm")));
        var readlink = ReadStatus(await client.RequestAsync(19, p => p.String("/toibm")));

        Assert.Equal((PermissionDenied, "/toibm/aix/keep.bin cannot be removed: the drop box never deletes or overwrites files."), remove);
        Assert.Equal(NoSuchFile, removeMissing.Code);
        Assert.Equal((PermissionDenied, "Directories cannot be created; upload files into one of the product directories under /toibm."), mkdir);
        Assert.Equal(PermissionDenied, rmdir.Code);
        Assert.Equal(PermissionDenied, symlink.Code);
        Assert.Equal(OpUnsupported, readlink.Code);
        Assert.True(File.Exists(_fixture.Delivered("aix", "keep.bin")));
        Assert.False(Directory.Exists(_fixture.Delivered("aix", "sub")));
    }

    [Fact]
    public async Task Unknown_requests_and_extensions_are_unsupported()
    {
        var client = await _fixture.StartInitializedAsync();

        Assert.Equal(OpUnsupported, ReadStatus(await client.RequestAsync(99, p => p.String("x"))).Code);
        Assert.Equal((OpUnsupported, "The extension copy-data is not supported."), ReadStatus(await client.ExtendedAsync("copy-data")));
    }

    [Fact]
    public async Task Statvfs_reports_the_quota_left_not_the_disk()
    {
        const ulong Block = 4096;
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/used.bin", new byte[3 * Block])).Code);

        var account = await StatvfsAsync(client, "/toibm");
        var anonymous = await StatvfsAsync(await _fixture.StartInitializedAsync(SftpFixture.Guest), "/");

        Assert.Equal([Block, Block], account[..2]);
        Assert.Equal((ulong)QuotaOptions.DefaultAccountBytesPerDay / Block, account[2]);
        Assert.Equal(((ulong)QuotaOptions.DefaultAccountBytesPerDay / Block) - 3, account[3]);
        Assert.Equal((ulong)DropBoxOptions.DefaultMaxUploadBytes / Block, account[4]);
        Assert.Equal(255ul, account[10]);
        var anonymousQuota = (ulong)QuotaOptions.DefaultAnonymousBytesPerDay / Block;
        Assert.Equal([anonymousQuota, anonymousQuota, anonymousQuota], anonymous[2..5]);
        Assert.Equal((NoSuchFile, "/nowhere: no such file or directory."), ReadStatus(await client.ExtendedAsync("statvfs@openssh.com", p => p.String("/nowhere"))));
    }

    [Fact]
    public async Task Statvfs_without_a_quota_reports_the_maximum_upload_size()
    {
        await using var unlimited = new SftpFixture(maxUploadBytes: 1 << 20, quota: new QuotaOptions { AccountBytesPerDay = 0 });
        var client = await unlimited.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/used.bin", new byte[8192])).Code);

        var values = await StatvfsAsync(client, "/toibm/aix");

        Assert.Equal([256ul, 256ul, 256ul], values[2..5]);
    }

    private static async Task<ulong[]> StatvfsAsync(SftpTestClient client, string path)
    {
        var reply = await client.ExtendedAsync("statvfs@openssh.com", p => p.String(path));
        Assert.Equal(201, reply.Type);
        return Enumerable.Range(0, 11).Select(_ => reply.ReadUInt64()).ToArray();
    }

    [Fact]
    public async Task Setstat_is_accepted_only_on_own_uploads_and_never_changes_their_size()
    {
        var client = await _fixture.StartInitializedAsync();
        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/s.bin", new byte[10])).Code);

        var times = ReadStatus(await client.RequestAsync(9, p => p.String("/toibm/aix/s.bin").Attrs(permissions: 0x1A4, times: (1, 2))));
        var sameSize = ReadStatus(await client.RequestAsync(9, p => p.String("/toibm/aix/s.bin").Attrs(size: 10)));
        var otherSize = ReadStatus(await client.RequestAsync(9, p => p.String("/toibm/aix/s.bin").Attrs(size: 3)));
        var directory = ReadStatus(await client.RequestAsync(9, p => p.String("/toibm").Attrs(times: (1, 2))));
        var readme = ReadStatus(await client.RequestAsync(9, p => p.String("/toibm/0-README.txt").Attrs(times: (1, 2))));

        Assert.Equal(Ok, times.Code);
        Assert.Equal(Ok, sameSize.Code);
        Assert.Equal((PermissionDenied, "The size of /toibm/aix/s.bin cannot be changed: an upload is written once, front to back."), otherSize);
        Assert.Equal(PermissionDenied, directory.Code);
        Assert.Equal(PermissionDenied, readme.Code);
        Assert.Equal(10, new FileInfo(_fixture.Delivered("aix", "s.bin")).Length);
    }

    [Fact]
    public async Task Read_only_server_refuses_every_writing_request()
    {
        var client = await _fixture.StartInitializedAsync(options: new SftpOptions { ReadOnly = true });

        Assert.Equal(PermissionDenied, ReadStatus(await client.OpenAsync("/toibm/aix/f", Write | Create | Truncate)).Code);
        Assert.Equal((PermissionDenied, "RENAME is refused: this server is read-only."), ReadStatus(await client.RenameAsync("/toibm/aix/a", "/toibm/aix/b")));
        Assert.Equal(PermissionDenied, ReadStatus(await client.ExtendedAsync("posix-rename@openssh.com", p => p.String("/a").String("/b"))).Code);
        Assert.Single((await client.ListAsync("/")).Entries);
    }
}
