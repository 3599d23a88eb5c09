using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Auth;

/// <summary>The bytes a client signs in a publickey request (RFC 4252 section 7).</summary>
internal static class PublicKeySignedData
{
    public static void Write(
        SshWriter writer,
        ReadOnlySpan<byte> sessionId,
        string user,
        string service,
        string algorithm,
        ReadOnlySpan<byte> keyBlob)
    {
        writer.Reset();
        writer.Binary(sessionId)
            .Byte(SshMessage.UserAuthRequest)
            .Utf8(user)
            .Utf8(service)
            .Utf8(UserAuthMethods.PublicKey)
            .Boolean(true)
            .Utf8(algorithm)
            .Binary(keyBlob);
    }
}
