namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// The protection of binary packets in one direction: encryption plus integrity, whatever the mode
/// (plain, AEAD, encrypt-then-MAC, MAC-then-encrypt). A packet here is the 4-byte length and what follows it;
/// the tag (MAC) sits right after the packet.
/// </summary>
internal abstract class PacketCipher : IDisposable
{
    /// <summary>The padded area must be a multiple of this.</summary>
    public abstract int BlockSize { get; }

    public abstract int TagLength { get; }

    /// <summary>True when the length field is outside the padded area (AEAD and etm modes).</summary>
    public abstract bool LengthOutsidePadding { get; }

    /// <summary>Bytes needed before the packet length can be read.</summary>
    public virtual int LengthPrefixSize => 4;

    /// <summary>The packet length from the first <see cref="LengthPrefixSize"/> bytes. Unauthenticated: the caller bounds it.</summary>
    public abstract uint ReadLength(uint sequence, Span<byte> prefix);

    /// <summary>
    /// The packet length without changing the prefix or the cipher's state, where the mode allows it (the length is in
    /// clear or decrypted without state); false where only <see cref="ReadLength"/> can read it.
    /// </summary>
    public virtual bool TryPeekLength(uint sequence, ReadOnlySpan<byte> prefix, out uint length)
    {
        length = 0;
        return false;
    }

    /// <summary>Authenticates and decrypts <paramref name="packet"/> in place; false when the tag does not match.</summary>
    public abstract bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag);

    /// <summary>Encrypts <paramref name="packet"/> in place and writes its tag.</summary>
    public abstract void Seal(uint sequence, Span<byte> packet, Span<byte> tag);

    public virtual void Dispose()
    {
    }
}
