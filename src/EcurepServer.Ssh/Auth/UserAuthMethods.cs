namespace EcurepServer.Ssh.Auth;

/// <summary>The method names of RFC 4252 and RFC 4256 and the signature algorithms accepted for user keys.</summary>
internal static class UserAuthMethods
{
    public const string None = "none";
    public const string Password = "password";
    public const string PublicKey = "publickey";
    public const string KeyboardInteractive = "keyboard-interactive";

    public const string UserAuthService = "ssh-userauth";
    public const string ConnectionService = "ssh-connection";

    /// <summary>
    /// Signature algorithms allowed for a user key, with the key format each must carry. <c>ssh-rsa</c> (SHA-1) is
    /// absent on purpose: it is answered with a failure so the client moves on to an rsa-sha2 variant.
    /// </summary>
    private static readonly Dictionary<string, string> KeyTypeBySignatureAlgorithm = new(StringComparer.Ordinal)
    {
        ["ssh-ed25519"] = "ssh-ed25519",
        ["ecdsa-sha2-nistp256"] = "ecdsa-sha2-nistp256",
        ["ecdsa-sha2-nistp384"] = "ecdsa-sha2-nistp384",
        ["ecdsa-sha2-nistp521"] = "ecdsa-sha2-nistp521",
        ["rsa-sha2-256"] = "ssh-rsa",
        ["rsa-sha2-512"] = "ssh-rsa",
    };

    public static bool TryGetKeyType(string signatureAlgorithm, out string keyType) =>
        KeyTypeBySignatureAlgorithm.TryGetValue(signatureAlgorithm, out keyType!);
}
