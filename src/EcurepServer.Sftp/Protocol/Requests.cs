using System.Buffers;

namespace EcurepServer.Sftp.Protocol;

// One type per request shape; each decodes the fields after the request id. Trailing bytes are ignored, as
// OpenSSH's sftp-server does, so a client that adds fields from later drafts still works.

/// <summary>LSTAT, STAT, OPENDIR, REMOVE, MKDIR, RMDIR, REALPATH, READLINK and the statvfs extension.</summary>
internal readonly record struct PathRequest(string Path)
{
    public static PathRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadText());
    }
}

/// <summary>CLOSE, FSTAT, READDIR and the fsync extension.</summary>
internal readonly record struct HandleRequest(uint Handle)
{
    public static HandleRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadHandle());
    }
}

internal readonly record struct OpenRequest(string Path, OpenFlags Flags)
{
    public static OpenRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        var path = reader.ReadText();
        var flags = (OpenFlags)reader.ReadUInt32();
        SftpAttributes.Read(ref reader);
        return new(path, flags);
    }
}

internal readonly record struct ReadRequest(uint Handle, ulong Offset, uint Length)
{
    public static ReadRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadHandle(), reader.ReadUInt64(), reader.ReadUInt32());
    }
}

/// <summary>The data still lies in the input buffer; it is valid only until the request has been handled.</summary>
internal readonly record struct WriteRequest(uint Handle, ulong Offset, ReadOnlySequence<byte> Data)
{
    public static WriteRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadHandle(), reader.ReadUInt64(), reader.ReadBytes());
    }
}

internal readonly record struct SetstatRequest(string Path, SftpAttributes Attributes)
{
    public static SetstatRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadText(), SftpAttributes.Read(ref reader));
    }
}

internal readonly record struct FsetstatRequest(uint Handle, SftpAttributes Attributes)
{
    public static FsetstatRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadHandle(), SftpAttributes.Read(ref reader));
    }
}

/// <summary>RENAME and posix-rename@openssh.com.</summary>
internal readonly record struct RenameRequest(string OldPath, string NewPath)
{
    public static RenameRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadText(), reader.ReadText());
    }
}

/// <summary>SSH_FXP_EXTENDED: the extension's name, then its own fields.</summary>
internal readonly record struct ExtendedRequest(string Name, ReadOnlySequence<byte> Body)
{
    public static ExtendedRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        var name = reader.ReadText();
        return new(name, body.Slice(reader.Consumed));
    }
}

/// <summary>SSH_FXP_INIT: the client's version; its extension pairs are not used.</summary>
internal readonly record struct InitRequest(uint Version)
{
    public static InitRequest Decode(ReadOnlySequence<byte> body)
    {
        var reader = new PayloadReader(body);
        return new(reader.ReadUInt32());
    }
}
