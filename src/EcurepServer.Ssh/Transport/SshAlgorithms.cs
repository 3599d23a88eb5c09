using EcurepServer.Ssh.Transport.Ciphers;
using EcurepServer.Ssh.Transport.Kex;

namespace EcurepServer.Ssh.Transport;

/// <summary>The algorithm names the transport implements, so a host can refuse a misconfigured list at start-up.</summary>
public static class SshAlgorithms
{
    private static readonly string[] HostKeyAlgorithms =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"];

    /// <summary>Configured names the transport does not implement (they would be left out of KEXINIT), each with the option it came from.</summary>
    public static IReadOnlyList<string> Unsupported(SshServerOptions options) =>
    [
        .. options.KexAlgorithms.Where(name => !KeyExchangeMethods.IsSupported(name)).Select(name => $"KexAlgorithms: {name}"),
        .. options.HostKeyAlgorithms.Where(name => !HostKeyAlgorithms.Contains(name)).Select(name => $"HostKeyAlgorithms: {name}"),
        .. options.Ciphers.Where(name => !CipherAlgorithms.IsCipher(name)).Select(name => $"Ciphers: {name}"),
        .. options.Macs.Where(name => !CipherAlgorithms.IsMac(name)).Select(name => $"Macs: {name}"),
    ];
}
