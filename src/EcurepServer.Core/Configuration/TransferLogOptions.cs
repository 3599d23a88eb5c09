namespace EcurepServer.Core.Configuration;

/// <summary>The xferlog-format transfer log, bound from <c>EcurepServer:TransferLog</c>.</summary>
public sealed class TransferLogOptions
{
    public const string SectionName = "EcurepServer:TransferLog";

    /// <summary>The file each completed or aborted upload appends one line to; empty: none. The host makes it absolute.</summary>
    public string Path { get; set; } = string.Empty;
}
