using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport.Kex;

namespace EcurepServer.Ssh.Tests;

public sealed class KeyDerivationTests
{
    [Fact]
    public void Keys_longer_than_one_hash_are_extended_as_rfc_4253_section_7_2_says()
    {
        byte[] secret = [0x80, 1, 2, 3];
        var exchangeHash = SHA256.HashData("exchange"u8);
        var sessionId = SHA256.HashData("session"u8);
        var mpint = new SshWriter().MPIntUnsigned(secret).WrittenSpan.ToArray();
        byte[] k1 = SHA256.HashData([.. mpint, .. exchangeHash, (byte)'C', .. sessionId]);
        byte[] k2 = SHA256.HashData([.. mpint, .. exchangeHash, .. k1]);
        byte[] k3 = SHA256.HashData([.. mpint, .. exchangeHash, .. k1, .. k2]);

        var key = KeyDerivation.Derive(HashAlgorithmName.SHA256, mpint, exchangeHash, 'C', sessionId, 80);

        Assert.Equal([.. k1, .. k2, .. k3[..16]], key);
        Assert.Equal(0x00, mpint[4]);
    }
}
