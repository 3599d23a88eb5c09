namespace EcurepServer.Testing;

/// <summary>How <see cref="EcurepReplica.StartAsync"/> sets the replica up; the shipped configuration with its three sites otherwise.</summary>
public sealed class EcurepReplicaOptions
{
    /// <summary>
    /// Configuration keys below <c>EcurepServer:</c> and their values, as the server's README documents them, for
    /// example <c>["DropBox:MaxUploadBytes"] = "1048576"</c> or <c>["Sites:Europe:Ssh:Enabled"] = "false"</c>. Applied
    /// after the replica's own: every listener on 127.0.0.1 with an OS-chosen port and OS-chosen passive ports.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The directory the replica runs in (config, data, certificates); a new temp directory, removed on dispose, when null.</summary>
    public string? RootDirectory { get; set; }

    /// <summary>Also start the management HTTP endpoint on an OS-chosen loopback port (see <see cref="EcurepReplica.ManagementUrl"/>).</summary>
    public bool EnableManagement { get; set; }

    /// <summary>The token of the management endpoint when <see cref="EnableManagement"/> is set.</summary>
    public string ManagementToken { get; set; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Write the server's log to the console at this Serilog level and above (Warning by default).</summary>
    public string MinimumLogLevel { get; set; } = "Warning";
}
