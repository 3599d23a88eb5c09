namespace EcurepServer.Ssh.Tests.Support;

/// <summary>What Debian bookworm's OpenSSH 9.2 client can negotiate of the server's defaults.</summary>
internal static class OpenSsh92
{
    /// <summary>ML-KEM came with OpenSSH 9.9; SSH.NET tests it instead.</summary>
    public static IEnumerable<string> KexAlgorithms => SshServerOptions.DefaultKexAlgorithms.Where(name => name != "mlkem768x25519-sha256");
}
