using System.Buffers;
using System.Text;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Sftp.Handles;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp;

/// <summary>
/// The session's SFTP requests as its transcript keeps them: one event per request with what it named and how it was
/// answered, except WRITEs: consecutive WRITEs to one handle with the same answer fold into one event, counted without
/// allocating, so a gibibyte upload is a few lines. Only used when the session keeps a transcript.
/// </summary>
internal sealed class SftpTranscript(SessionTranscript transcript, HandleTable handles, ReplyWriter replies)
{
    private const string Write = "WRITE";

    private long _foldCount;
    private uint _foldHandle;
    private StatusCode _foldStatus;
    private string? _foldMessage;
    private string? _foldPath;
    private uint _foldFirstId;
    private uint _foldLastId;
    private ulong _foldFrom;
    private ulong _foldTo;
    private long _foldBytes;

    public bool IsEnabled => transcript.IsEnabled;

    public void Initialized(uint clientVersion) => transcript.Write(new SftpInitEvent(clientVersion, SftpConnection.ServerVersion));

    /// <summary>
    /// What a request names, read before it is handled (CLOSE forgets its handle's path). Any request but a WRITE ends
    /// the fold first, so what its handling notes (a delivery) follows the WRITEs.
    /// </summary>
    public NotedRequest Note(byte type, uint id, string? name, ReadOnlySequence<byte> body)
    {
        if (type != (byte)MessageType.Write)
        {
            Flush();
        }

        return Decode(type, id, name, body) with { RepliesBefore = replies.Count };
    }

    private NotedRequest Decode(byte type, uint id, string? name, ReadOnlySequence<byte> body)
    {
        try
        {
            return (MessageType)type switch
            {
                MessageType.Write => NoteWrite(id, body),
                MessageType.Open => NoteOpen(id, body),
                MessageType.Close or MessageType.Fstat or MessageType.Readdir => OnHandle(type, id, name, HandleRequest.Decode(body).Handle),
                MessageType.Read => OnHandle(type, id, name, ReadRequest.Decode(body).Handle),
                MessageType.Fsetstat => OnHandle(type, id, name, FsetstatRequest.Decode(body).Handle),
                MessageType.Setstat => new NotedRequest(type, id, name!, SetstatRequest.Decode(body).Path),
                MessageType.Rename or MessageType.Symlink => WithTarget(type, id, name!, RenameRequest.Decode(body)),
                MessageType.Extended => NoteExtended(type, id, ExtendedRequest.Decode(body)),
                MessageType.Lstat or MessageType.Stat or MessageType.Opendir or MessageType.Remove or MessageType.Mkdir
                    or MessageType.Rmdir or MessageType.Realpath or MessageType.Readlink => new NotedRequest(type, id, name!, PathRequest.Decode(body).Path),
                _ => new NotedRequest(type, id, name ?? $"type {type}"),
            };
        }
        catch (RequestException)
        {
            return new NotedRequest(type, id, name ?? $"type {type}");
        }
    }

    /// <summary>Notes the answer the request got; a WRITE joins the fold, anything else gets its own event.</summary>
    public void Answered(in NotedRequest request)
    {
        var answered = replies.Count > request.RepliesBefore;
        var status = answered && replies.LastType == MessageType.Status ? replies.LastStatus : StatusCode.Ok;
        if (ReferenceEquals(request.Name, Write))
        {
            Fold(request, status, answered && replies.LastType == MessageType.Status ? replies.LastMessage : null);
            return;
        }

        transcript.Write(new SftpRequestEvent(request.Id, request.Name, answered ? ReplyName(replies.LastType) : "none")
        {
            Path = request.Path,
            Target = request.Target,
            Flags = request.Flags,
            Handle = request.Handle ?? (answered ? replies.LastHandle : null),
            Status = answered && replies.LastType == MessageType.Status ? StatusName(status) : null,
            Message = answered && replies.LastType == MessageType.Status ? replies.LastMessage : null,
        });
    }

    /// <summary>Writes the fold of WRITEs, if any.</summary>
    public void Flush()
    {
        if (_foldCount == 0)
        {
            return;
        }

        transcript.Write(new SftpWritesEvent(_foldHandle, _foldFirstId, _foldLastId, _foldFrom, _foldTo, _foldCount, _foldBytes, StatusName(_foldStatus))
        {
            Path = _foldPath,
            Message = _foldStatus == StatusCode.Ok ? null : _foldMessage,
        });
        _foldCount = 0;
    }

    private static NotedRequest WithTarget(byte type, uint id, string name, RenameRequest paths) => new(type, id, name, paths.OldPath, paths.NewPath);

    private static string ReplyName(MessageType type) => type switch
    {
        MessageType.Status => "STATUS",
        MessageType.Handle => "HANDLE",
        MessageType.Data => "DATA",
        MessageType.Name => "NAME",
        MessageType.Attrs => "ATTRS",
        MessageType.ExtendedReply => "EXTENDED_REPLY",
        _ => type.ToString(),
    };

    private static string StatusName(StatusCode code) => code switch
    {
        StatusCode.Ok => "OK",
        StatusCode.Eof => "EOF",
        StatusCode.NoSuchFile => "NO_SUCH_FILE",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Failure => "FAILURE",
        StatusCode.BadMessage => "BAD_MESSAGE",
        StatusCode.OpUnsupported => "OP_UNSUPPORTED",
        _ => ((uint)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>SSH_FXF_* names, as the draft spells them.</summary>
    private static string FlagNames(OpenFlags flags)
    {
        var names = new StringBuilder();
        void Add(OpenFlags flag, string name)
        {
            if ((flags & flag) != 0)
            {
                names.Append(names.Length > 0 ? "|" : string.Empty).Append(name);
            }
        }

        Add(OpenFlags.Read, "READ");
        Add(OpenFlags.Write, "WRITE");
        Add(OpenFlags.Append, "APPEND");
        Add(OpenFlags.Create, "CREAT");
        Add(OpenFlags.Truncate, "TRUNC");
        Add(OpenFlags.Exclusive, "EXCL");
        var unknown = flags & ~(OpenFlags.Read | OpenFlags.Write | OpenFlags.Append | OpenFlags.Create | OpenFlags.Truncate | OpenFlags.Exclusive);
        if (unknown != 0)
        {
            names.Append(names.Length > 0 ? "|" : string.Empty).Append(System.Globalization.CultureInfo.InvariantCulture, $"0x{(uint)unknown:x}");
        }

        return names.ToString();
    }

    private NotedRequest NoteWrite(uint id, ReadOnlySequence<byte> body)
    {
        var write = WriteRequest.Decode(body);
        return new NotedRequest((byte)MessageType.Write, id, Write, Handle: write.Handle, Offset: write.Offset, Length: write.Data.Length);
    }

    private NotedRequest NoteOpen(uint id, ReadOnlySequence<byte> body)
    {
        var open = OpenRequest.Decode(body);
        return new NotedRequest((byte)MessageType.Open, id, "OPEN", open.Path, Flags: FlagNames(open.Flags));
    }

    private NotedRequest OnHandle(byte type, uint id, string? name, uint handle) =>
        new(type, id, name!, handles.Find<SftpHandle>(handle)?.Path.Value, Handle: handle);

    private NotedRequest NoteExtended(byte type, uint id, ExtendedRequest extended) => extended.Name switch
    {
        "posix-rename@openssh.com" => WithTarget(type, id, extended.Name, RenameRequest.Decode(extended.Body)),
        "statvfs@openssh.com" => new NotedRequest(type, id, extended.Name, PathRequest.Decode(extended.Body).Path),
        "fsync@openssh.com" => OnHandle(type, id, extended.Name, HandleRequest.Decode(extended.Body).Handle),
        _ => new NotedRequest(type, id, extended.Name),
    };

    private void Fold(in NotedRequest write, StatusCode status, string? message)
    {
        var handle = write.Handle!.Value;
        if (_foldCount > 0 && (handle != _foldHandle || status != _foldStatus))
        {
            Flush();
        }

        var end = write.Offset + (ulong)write.Length;
        if (_foldCount == 0)
        {
            _foldHandle = handle;
            _foldStatus = status;
            _foldMessage = message;
            _foldPath = handles.Find<SftpHandle>(handle)?.Path.Value;
            _foldFirstId = write.Id;
            _foldFrom = write.Offset;
            _foldTo = end;
            _foldBytes = 0;
        }

        _foldLastId = write.Id;
        _foldCount++;
        _foldBytes += write.Length;
        _foldFrom = Math.Min(_foldFrom, write.Offset);
        _foldTo = Math.Max(_foldTo, end);
    }
}

/// <summary>A request as noted before it was handled: its name and what it named, and how many replies came before it.</summary>
internal readonly record struct NotedRequest(
    byte Type,
    uint Id,
    string Name,
    string? Path = null,
    string? Target = null,
    string? Flags = null,
    uint? Handle = null,
    ulong Offset = 0,
    long Length = 0,
    long RepliesBefore = 0);
