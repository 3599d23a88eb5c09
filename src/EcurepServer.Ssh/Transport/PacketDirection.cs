using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Ssh.Transport;

/// <summary>What RFC 4253 keeps per direction: the cipher in force, the packet sequence number and the bytes since the last key exchange.</summary>
internal abstract class PacketDirection
{
    public PacketCipher Cipher { get; private set; } = new PlainPacketCipher();

    public uint Sequence { get; private set; }

    public long BytesSinceKeyExchange { get; private set; }

    /// <summary>Takes the keys of a NEWKEYS; strict kex also starts the sequence numbers again.</summary>
    public void ChangeCipher(PacketCipher cipher, bool resetSequence)
    {
        Cipher.Dispose();
        Cipher = cipher;
        BytesSinceKeyExchange = 0;
        if (resetSequence)
        {
            Sequence = 0;
        }
    }

    /// <summary>One packet of <paramref name="totalBytes"/> has gone through; the sequence number wraps at 2^32.</summary>
    protected void CountPacket(int totalBytes)
    {
        Sequence = unchecked(Sequence + 1);
        BytesSinceKeyExchange += totalBytes;
    }
}
