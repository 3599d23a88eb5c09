using EcurepServer.Core.Storage;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Uploads;
using static EcurepServer.Core.Tests.Support.DropBoxFixture;

namespace EcurepServer.Core.Tests;

/// <summary>A delivery while another server sharing the data directory removes the folders it finds empty (its retention sweep).</summary>
public sealed class DeliveryTests : IDisposable
{
    private readonly DropBoxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void The_partial_folder_removed_once_the_move_emptied_it_does_not_fail_the_delivery()
    {
        var partial = _fixture.Partial(Alice, "aix", "report.zip");
        var delivered = _fixture.Delivered("aix", "report.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, [1, 2, 3]);
        var delivery = new Delivery(_fixture.DropBox.Services, partial, delivered);

        Assert.True(delivery.TryMove());
        Folders.RemoveEmpty([Path.GetDirectoryName(partial)!]);
        delivery.SyncDirectories();

        Assert.Equal([1, 2, 3], File.ReadAllBytes(delivered));
        Assert.False(Directory.Exists(Path.GetDirectoryName(partial)));
    }
}
