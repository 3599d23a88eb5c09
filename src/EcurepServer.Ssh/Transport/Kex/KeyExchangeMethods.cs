using EcurepServer.Ssh.Keys;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>The key exchange names the server implements.</summary>
internal static class KeyExchangeMethods
{
    private static readonly Dictionary<string, Func<KeyExchangeMethod>> Methods = new(StringComparer.Ordinal)
    {
        ["mlkem768x25519-sha256"] = HybridKemKeyExchange.MlKem768X25519Sha256,
        ["sntrup761x25519-sha512"] = HybridKemKeyExchange.Sntrup761X25519Sha512,
        ["sntrup761x25519-sha512@openssh.com"] = HybridKemKeyExchange.Sntrup761X25519Sha512,
        ["curve25519-sha256"] = () => new Curve25519KeyExchange(),
        ["curve25519-sha256@libssh.org"] = () => new Curve25519KeyExchange(),
        ["ecdh-sha2-nistp256"] = () => new EcdhKeyExchange(EcdsaCurve.P256),
        ["ecdh-sha2-nistp384"] = () => new EcdhKeyExchange(EcdsaCurve.P384),
        ["ecdh-sha2-nistp521"] = () => new EcdhKeyExchange(EcdsaCurve.P521),
        ["diffie-hellman-group14-sha256"] = DiffieHellmanGroupKeyExchange.Group14Sha256,
        ["diffie-hellman-group16-sha512"] = DiffieHellmanGroupKeyExchange.Group16Sha512,
    };

    public static bool IsSupported(string name) => Methods.ContainsKey(name);

    public static KeyExchangeMethod Create(string name) => Methods[name]();
}
