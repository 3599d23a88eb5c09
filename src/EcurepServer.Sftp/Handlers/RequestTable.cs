using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>Every request this server answers; any other type gets SSH_FX_OP_UNSUPPORTED.</summary>
internal static class RequestTable
{
    private static readonly RequestHandler?[] Handlers = Build();

    public static RequestHandler? Find(byte type) => Handlers[type];

    private static RequestHandler?[] Build()
    {
        var table = new RequestHandler?[256];
        void Add(MessageType type, bool writes, HandlerMethod handle) => table[(int)type] = new RequestHandler(type.ToString().ToUpperInvariant(), writes, handle);

        // OPEN checks its flags itself: opening to read changes nothing.
        Add(MessageType.Open, writes: false, FileHandlers.OpenAsync);
        Add(MessageType.Close, writes: false, FileHandlers.CloseAsync);
        Add(MessageType.Read, writes: false, FileHandlers.ReadAsync);
        Add(MessageType.Write, writes: true, FileHandlers.WriteAsync);
        Add(MessageType.Fstat, writes: false, FileHandlers.FstatAsync);
        Add(MessageType.Fsetstat, writes: true, FileHandlers.FsetstatAsync);
        Add(MessageType.Lstat, writes: false, PathHandlers.StatAsync);
        Add(MessageType.Stat, writes: false, PathHandlers.StatAsync);
        Add(MessageType.Setstat, writes: true, PathHandlers.SetstatAsync);
        Add(MessageType.Realpath, writes: false, PathHandlers.RealpathAsync);
        Add(MessageType.Opendir, writes: false, DirectoryHandlers.OpendirAsync);
        Add(MessageType.Readdir, writes: false, DirectoryHandlers.ReaddirAsync);
        Add(MessageType.Rename, writes: true, RenameHandler.RenameAsync);
        Add(MessageType.Remove, writes: true, RefusedHandlers.RemoveAsync);
        Add(MessageType.Mkdir, writes: true, RefusedHandlers.MkdirAsync);
        Add(MessageType.Rmdir, writes: true, RefusedHandlers.RmdirAsync);
        Add(MessageType.Symlink, writes: true, RefusedHandlers.SymlinkAsync);
        Add(MessageType.Readlink, writes: false, RefusedHandlers.ReadlinkAsync);

        // Each extension says itself whether it writes.
        Add(MessageType.Extended, writes: false, ExtensionHandlers.ExtendedAsync);
        return table;
    }
}
