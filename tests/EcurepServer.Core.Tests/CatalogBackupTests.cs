using EcurepServer.Core.Catalog;

namespace EcurepServer.Core.Tests;

/// <summary>Keeping an imported file as its backup while another server sharing the data directory starts at the same moment.</summary>
public sealed class CatalogBackupTests : IDisposable
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_file_the_other_server_kept_first_is_left_to_it()
    {
        var file = _directory.Combine("receipts.jsonl");
        File.WriteAllText(file, "{}\n");
        var first = CatalogStartup.KeepAsBackup(file, ReadOnly);

        var second = CatalogStartup.KeepAsBackup(file, ReadOnly);

        Assert.Equal(file + CatalogStartup.BackupSuffix, first);
        Assert.Null(second);
        Assert.Equal("{}\n", File.ReadAllText(first!));
        Assert.False(File.Exists(file + CatalogStartup.BackupSuffix + ".2"));
    }

    [Fact]
    public void An_earlier_backup_is_never_overwritten()
    {
        var file = _directory.Combine("bans.json");
        File.WriteAllText(file + CatalogStartup.BackupSuffix, "earlier");
        File.WriteAllText(file, "now");

        var backup = CatalogStartup.KeepAsBackup(file, ReadOnly);

        Assert.Equal(file + CatalogStartup.BackupSuffix + ".2", backup);
        Assert.Equal("earlier", File.ReadAllText(file + CatalogStartup.BackupSuffix));
        Assert.Equal("now", File.ReadAllText(backup!));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(ReadOnly, File.GetUnixFileMode(backup!));
        }
    }
}
