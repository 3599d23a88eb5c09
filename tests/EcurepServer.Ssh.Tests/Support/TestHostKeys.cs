using EcurepServer.Ssh.Keys;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>One set of in-memory host keys for the whole test run (RSA generation is slow).</summary>
internal static class TestHostKeys
{
    private static readonly Lazy<IReadOnlyList<SshHostKey>> Keys =
        new(() => [Ed25519HostKey.Generate(), EcdsaHostKey.Generate(), RsaHostKey.Generate(3072)]);

    public static IReadOnlyList<SshHostKey> All => Keys.Value;
}
