using System.Text;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Tree;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

public sealed class DropBoxTreeTests : IDisposable
{
    private readonly DropBoxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Creates_the_product_upload_directories()
    {
        Assert.True(Directory.Exists(Path.Combine(_fixture.DataDirectory, "uploads", "toibm", "aix")));
        Assert.True(Directory.Exists(Path.Combine(_fixture.DataDirectory, "uploads", "toibm", "linux")));
    }

    [Fact]
    public void Root_lists_toibm_and_fromibm_and_is_not_writable()
    {
        var session = _fixture.Open(Alice);
        var root = session.Stat(VirtualPath.Root).Value!;
        Assert.Equal(NodeKind.Directory, root.Kind);
        Assert.Equal(NodeAccess.List | NodeAccess.Enter, root.Access);

        var names = session.List(VirtualPath.Root).Value!.Select(n => n.Name);
        Assert.Equal(["fromibm", "toibm"], names);
        Assert.Empty(session.Enter(VirtualPath.Root).Value!.Notice);
    }

    [Fact]
    public void Toibm_lists_the_readme_and_products_and_shows_its_notice_on_entry()
    {
        var session = _fixture.Open(Alice);
        var toibm = P("/toibm");
        Assert.Equal(NodeAccess.List | NodeAccess.Enter, session.Stat(toibm).Value!.Access);

        var entries = session.List(toibm).Value!;
        Assert.Equal(["0-README.txt", "aix", "linux"], entries.Select(n => n.Name));
        Assert.Equal(NodeKind.File, entries[0].Kind);
        Assert.Equal(NodeAccess.Read, entries[0].Access);
        Assert.Equal(Encoding.UTF8.GetByteCount(Readme), entries[0].Size);
        Assert.All(entries.Skip(1), e => Assert.Equal(NodeAccess.Enter | NodeAccess.Write, e.Access));

        var entry = session.Enter(toibm);
        Assert.True(entry.Succeeded);
        Assert.Equal(["Please read toibm/0-README.txt for information."], entry.Value.Notice);
    }

    [Fact]
    public async Task Readme_is_readable_from_an_offset()
    {
        var session = _fixture.Open(Alice);
        using var whole = session.OpenRead(P("/toibm/0-README.txt"), 0).Value!;
        Assert.Equal(Readme, await new StreamReader(whole).ReadToEndAsync());

        using var tail = session.OpenRead(P("/toibm/0-README.txt"), 5).Value!;
        Assert.Equal(Readme[5..], await new StreamReader(tail).ReadToEndAsync());

        using var past = session.OpenRead(P("/toibm/0-README.txt"), 1000).Value!;
        Assert.Equal(-1, past.ReadByte());
    }

    [Fact]
    public void Readme_is_a_file_not_a_directory()
    {
        var session = _fixture.Open(Alice);
        Assert.Equal(RefusalKind.NotADirectory, session.Enter(P("/toibm/0-README.txt")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotADirectory, session.List(P("/toibm/0-README.txt")).Refusal!.Kind);
    }

    [Fact]
    public void Product_directory_is_write_only()
    {
        var session = _fixture.Open(Alice);
        var aix = P("/toibm/aix");
        var node = session.Stat(aix).Value!;
        Assert.Equal(NodeKind.Directory, node.Kind);
        Assert.Equal(NodeAccess.Enter | NodeAccess.Write, node.Access);
        Assert.True(session.Enter(aix).Succeeded);
        Assert.Empty(session.Enter(aix).Value!.Notice);

        var list = session.List(aix);
        Assert.Equal(RefusalKind.PermissionDenied, list.Refusal!.Kind);
        Assert.Equal("toibm/aix is write-only: uploads are allowed, listing and reading are not.", list.Refusal.Message);

        var read = session.OpenRead(P("/toibm/aix/anything.zip"), 0);
        Assert.Equal(RefusalKind.PermissionDenied, read.Refusal!.Kind);
        Assert.Contains("write-only", read.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_only_directory_hides_other_uploads()
    {
        var bobs = _fixture.Delivered("aix", "someone-elses.zip", Bob);
        Directory.CreateDirectory(Path.GetDirectoryName(bobs)!);
        File.WriteAllText(bobs, "secret");
        File.WriteAllText(_fixture.LegacyDelivered("aix", "someone-elses.zip"), "secret");
        var session = _fixture.Open(Alice);

        var stat = session.Stat(P("/toibm/aix/someone-elses.zip"));
        Assert.Equal(RefusalKind.NotFound, stat.Refusal!.Kind);
        Assert.Equal(session.Stat(P("/toibm/aix/never-existed.zip")).Refusal!.Message.Replace("never-existed", "someone-elses", StringComparison.Ordinal), stat.Refusal.Message);
        Assert.Equal(RefusalKind.PermissionDenied, session.OpenRead(P("/toibm/aix/someone-elses.zip"), 0).Refusal!.Kind);
    }

    [Fact]
    public void Unknown_paths_are_not_found()
    {
        var session = _fixture.Open(Alice);
        foreach (var path in new[] { "/nope", "/toibm/nope", "/toibm/aix/sub/file", "/toibm/AIX" })
        {
            Assert.Equal(RefusalKind.NotFound, session.Stat(P(path)).Refusal!.Kind);
            Assert.Equal(RefusalKind.NotFound, session.Enter(P(path)).Refusal!.Kind);
        }

        Assert.Equal(RefusalKind.NotFound, session.List(P("/nope")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, session.OpenRead(P("/nope"), 0).Refusal!.Kind);
    }

    [Fact]
    public void Directories_cannot_be_read_as_files()
    {
        var session = _fixture.Open(Alice);
        foreach (var path in new[] { "/", "/toibm", "/toibm/aix", "/fromibm" })
        {
            Assert.Equal(RefusalKind.NotAFile, session.OpenRead(P(path), 0).Refusal!.Kind);
        }
    }

    [Fact]
    public async Task Fromibm_shows_only_this_accounts_files_read_only()
    {
        var aliceFolder = _fixture.FromIbm(Alice.Name);
        Directory.CreateDirectory(Path.Combine(aliceFolder, "fixes"));
        await File.WriteAllTextAsync(Path.Combine(aliceFolder, "answer.txt"), "hello from IBM");
        await File.WriteAllTextAsync(Path.Combine(aliceFolder, "fixes", "fix1.bin"), "fix");
        await File.WriteAllTextAsync(Path.Combine(aliceFolder, ".hidden"), "not shown");
        Directory.CreateDirectory(_fixture.FromIbm(Bob.Name));
        await File.WriteAllTextAsync(Path.Combine(_fixture.FromIbm(Bob.Name), "bob.txt"), "for bob");

        var session = _fixture.Open(Alice);
        var fromibm = P("/fromibm");
        Assert.Equal(NodeAccess.List | NodeAccess.Enter, session.Stat(fromibm).Value!.Access);
        var entries = session.List(fromibm).Value!;
        Assert.Equal(["answer.txt", "fixes"], entries.Select(e => e.Name));
        Assert.Equal(NodeAccess.Read, entries[0].Access);
        Assert.Equal(14, entries[0].Size);
        Assert.Equal(NodeKind.Directory, entries[1].Kind);

        Assert.Equal(["fix1.bin"], session.List(P("/fromibm/fixes")).Value!.Select(e => e.Name));
        Assert.True(session.Enter(P("/fromibm/fixes")).Succeeded);
        Assert.Equal(RefusalKind.NotADirectory, session.Enter(P("/fromibm/answer.txt")).Refusal!.Kind);

        await using var stream = session.OpenRead(P("/fromibm/answer.txt"), 6).Value!;
        Assert.Equal("from IBM", await new StreamReader(stream).ReadToEndAsync());

        Assert.Equal(RefusalKind.NotFound, session.Stat(P("/fromibm/bob.txt")).Refusal!.Kind);
    }

    [Fact]
    public void Fromibm_does_not_follow_links_out_of_the_account_folder()
    {
        var aliceFolder = _fixture.FromIbm(Alice.Name);
        Directory.CreateDirectory(aliceFolder);
        File.CreateSymbolicLink(Path.Combine(aliceFolder, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(aliceFolder, "etc"), "/etc");

        var session = _fixture.Open(Alice);
        Assert.Empty(session.List(P("/fromibm")).Value!);
        Assert.Equal(RefusalKind.NotFound, session.OpenRead(P("/fromibm/passwd"), 0).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, session.List(P("/fromibm/etc")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, session.OpenRead(P("/fromibm/etc/passwd"), 0).Refusal!.Kind);
    }

    [Fact]
    public void Fromibm_is_empty_for_an_account_without_files_and_for_anonymous()
    {
        Assert.Empty(_fixture.Open(Alice).List(P("/fromibm")).Value!);

        Directory.CreateDirectory(_fixture.FromIbm("anonymous"));
        File.WriteAllText(Path.Combine(_fixture.FromIbm("anonymous"), "x"), "x");
        var guest = _fixture.Open(Guest);
        Assert.True(guest.Enter(P("/fromibm")).Succeeded);
        Assert.Empty(guest.List(P("/fromibm")).Value!);
        Assert.Equal(RefusalKind.NotFound, guest.Stat(P("/fromibm/x")).Refusal!.Kind);
    }

    [Fact]
    public void A_session_can_hide_fromibm()
    {
        var session = _fixture.Open(Alice, new DropBoxSessionOptions(ShowFromIbm: false));
        Assert.Equal(["toibm"], session.List(VirtualPath.Root).Value!.Select(n => n.Name));
        Assert.Equal(RefusalKind.NotFound, session.Stat(P("/fromibm")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, session.Enter(P("/fromibm")).Refusal!.Kind);
    }

    [Fact]
    public void Resolve_uses_the_one_path_resolver()
    {
        var session = _fixture.Open(Alice);
        Assert.Equal(P("/toibm/aix/f"), session.Resolve(P("/toibm"), "aix/f").Value);
        Assert.Equal(P("/etc/passwd"), session.Resolve(P("/toibm/aix"), "../../../etc/passwd").Value);
        Assert.Equal(RefusalKind.InvalidPath, session.Resolve(P("/toibm"), "a\\b").Refusal!.Kind);
    }

    [Fact]
    public void Partial_length_is_not_found_without_a_partial()
    {
        var session = _fixture.Open(Alice);
        Assert.Equal(RefusalKind.NotFound, session.PartialLength(P("/toibm/aix/f.zip")).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, session.PartialLength(P("/toibm")).Refusal!.Kind);
    }
}
