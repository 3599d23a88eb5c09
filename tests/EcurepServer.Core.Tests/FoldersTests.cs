using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Tests;

/// <summary>The folders below the uploads when another server sharing the data directory removes empty ones (its retention sweep) at any moment.</summary>
public sealed class FoldersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_folder_another_server_removes_before_the_entry_is_made_is_created_again()
    {
        var product = _directory.Combine("aix");
        var partials = Path.Combine(product, ".partial");
        var folder = Path.Combine(partials, "E-ABCD12345f");
        var attempts = 0;

        var created = Folders.CreateAndUse(folder, () =>
        {
            if (++attempts == 1)
            {
                Folders.RemoveEmpty([folder, partials]);
            }

            File.WriteAllBytes(Path.Combine(folder, "upload.bin"), [1, 2, 3]);
        });

        Assert.Equal(2, attempts);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(folder, "upload.bin")));
        Assert.Equal([folder, partials, product], created);
    }
}
