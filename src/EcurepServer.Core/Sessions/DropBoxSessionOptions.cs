namespace EcurepServer.Core.Sessions;

/// <summary>What a front door shows of the tree; the SFTP door hides /fromibm (ECuRep's SFTP shows only toibm).</summary>
public sealed record DropBoxSessionOptions(bool ShowFromIbm = true)
{
    public static readonly DropBoxSessionOptions Default = new();
}
