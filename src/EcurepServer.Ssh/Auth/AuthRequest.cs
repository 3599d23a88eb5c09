using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Auth;

/// <summary>One USERAUTH_REQUEST, copied out of the payload so it outlives the next receive.</summary>
internal sealed class AuthRequest
{
    private AuthRequest(string user, string service, string method)
    {
        User = user;
        Service = service;
        Method = method;
    }

    public string User { get; }

    public string Service { get; }

    public string Method { get; }

    public bool PasswordChange { get; private init; }

    public string? Password { get; private init; }

    public string? Algorithm { get; private init; }

    public byte[] KeyBlob { get; private init; } = [];

    public byte[]? Signature { get; private init; }

    /// <summary>Reads the common fields and those of the methods the server offers; other methods' fields are left unread.</summary>
    public static AuthRequest Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var user = reader.ReadUtf8();
        var service = reader.ReadUtf8();
        var method = reader.ReadUtf8();
        return method switch
        {
            UserAuthMethods.Password => ReadPassword(ref reader, user, service, method),
            UserAuthMethods.PublicKey => ReadPublicKey(ref reader, user, service, method),
            _ => new AuthRequest(user, service, method),
        };
    }

    private static AuthRequest ReadPassword(ref SshReader reader, string user, string service, string method)
    {
        var change = reader.ReadBoolean();
        var password = reader.ReadUtf8();
        if (change)
        {
            reader.ReadUtf8();
        }

        reader.EnsureEnd();
        return new AuthRequest(user, service, method) { PasswordChange = change, Password = password };
    }

    private static AuthRequest ReadPublicKey(ref SshReader reader, string user, string service, string method)
    {
        var signed = reader.ReadBoolean();
        var algorithm = reader.ReadUtf8();
        var blob = reader.ReadBinary().ToArray();
        var signature = signed ? reader.ReadBinary().ToArray() : null;
        reader.EnsureEnd();
        return new AuthRequest(user, service, method) { Algorithm = algorithm, KeyBlob = blob, Signature = signature };
    }
}
