namespace EcurepServer.Sftp.Protocol;

/// <summary>SSH_FILEXFER_ATTR_* flags.</summary>
[Flags]
internal enum AttributeFlags : uint
{
    None = 0,
    Size = 0x01,
    UidGid = 0x02,
    Permissions = 0x04,
    AccessModifiedTime = 0x08,
    Extended = 0x80000000,
}

/// <summary>The ATTRS structure of version 3. Extended pairs are read and dropped: nothing here uses them.</summary>
internal readonly record struct SftpAttributes(AttributeFlags Flags, ulong Size = 0, uint Permissions = 0, uint AccessTime = 0, uint ModifiedTime = 0)
{
    public const uint DirectoryType = 0x4000;

    public const uint RegularFileType = 0x8000;

    /// <summary>The largest encoding <see cref="Write"/> produces.</summary>
    public const int MaxEncodedBytes = 4 + 8 + 4 + 8;

    public static readonly SftpAttributes Empty = new(AttributeFlags.None);

    public bool HasSize => (Flags & AttributeFlags.Size) != 0;

    public static SftpAttributes Read(ref PayloadReader reader)
    {
        var flags = (AttributeFlags)reader.ReadUInt32();
        var size = (flags & AttributeFlags.Size) != 0 ? reader.ReadUInt64() : 0;
        if ((flags & AttributeFlags.UidGid) != 0)
        {
            reader.ReadUInt32();
            reader.ReadUInt32();
        }

        var permissions = (flags & AttributeFlags.Permissions) != 0 ? reader.ReadUInt32() : 0;
        uint accessTime = 0, modifiedTime = 0;
        if ((flags & AttributeFlags.AccessModifiedTime) != 0)
        {
            accessTime = reader.ReadUInt32();
            modifiedTime = reader.ReadUInt32();
        }

        if ((flags & AttributeFlags.Extended) != 0)
        {
            var count = reader.ReadUInt32();
            for (var i = 0u; i < count; i++)
            {
                reader.SkipString();
                reader.SkipString();
            }
        }

        return new SftpAttributes(flags, size, permissions, accessTime, modifiedTime);
    }

    /// <summary>Writes what this server reports: size, permissions and times, never owners or extensions.</summary>
    public void Write(ref SpanWriter writer)
    {
        var flags = Flags & (AttributeFlags.Size | AttributeFlags.Permissions | AttributeFlags.AccessModifiedTime);
        writer.UInt32((uint)flags);
        if ((flags & AttributeFlags.Size) != 0)
        {
            writer.UInt64(Size);
        }

        if ((flags & AttributeFlags.Permissions) != 0)
        {
            writer.UInt32(Permissions);
        }

        if ((flags & AttributeFlags.AccessModifiedTime) != 0)
        {
            writer.UInt32(AccessTime);
            writer.UInt32(ModifiedTime);
        }
    }
}
