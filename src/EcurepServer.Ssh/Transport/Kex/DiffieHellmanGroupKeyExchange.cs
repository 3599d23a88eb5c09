using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// <c>diffie-hellman-group14-sha256</c> and <c>-group16-sha512</c> (RFC 8268) over the RFC 3526 MODP groups.
/// The client's e must lie in (1, p-1).
/// </summary>
internal sealed class DiffieHellmanGroupKeyExchange(DHParameters group, int exponentBits, HashAlgorithmName hash) : KeyExchangeMethod
{
    public static DiffieHellmanGroupKeyExchange Group14Sha256() => new(DHStandardGroups.rfc3526_2048, 256, HashAlgorithmName.SHA256);

    public static DiffieHellmanGroupKeyExchange Group16Sha512() => new(DHStandardGroups.rfc3526_4096, 512, HashAlgorithmName.SHA512);

    public override HashAlgorithmName Hash => hash;

    public override KeyAgreement Respond(ReadOnlySpan<byte> clientMessageBody)
    {
        var reader = new SshReader(clientMessageBody);
        var eBytes = reader.ReadMPIntBytes();
        reader.EnsureEnd();
        if (eBytes.IsEmpty || (eBytes[0] & 0x80) != 0)
        {
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the client's DH value is not positive");
        }

        var p = group.P;
        var e = new BigInteger(1, eBytes.ToArray());
        if (e.CompareTo(BigInteger.One) <= 0 || e.CompareTo(p.Subtract(BigInteger.One)) >= 0)
        {
            throw new SshProtocolException(SshDisconnectReason.KeyExchangeFailed, "the client's DH value is outside (1, p-1)");
        }

        var random = new SecureRandom();
        BigInteger y;
        do
        {
            y = new BigInteger(exponentBits, random);
        }
        while (y.BitLength < 2);

        var f = group.G.ModPow(y, p);
        var k = e.ModPow(y, p);
        return new KeyAgreement(
            new SshWriter(eBytes.Length + 4).Binary(eBytes).WrittenSpan.ToArray(),
            new SshWriter(p.BitLength / 8 + 8).MPIntUnsigned(f.ToByteArrayUnsigned()).WrittenSpan.ToArray(),
            new SshWriter(p.BitLength / 8 + 8).MPIntUnsigned(k.ToByteArrayUnsigned()).WrittenSpan.ToArray());
    }
}
