namespace EcurepServer.Core.Faults;

/// <summary>What a fault rule makes the server do when it fires. Each point offers only the kinds it can carry out.</summary>
[Flags]
public enum FaultActionKind
{
    None = 0,

    /// <summary>Answer with a given FTP reply code (100-599) or SFTP status code (0-99) and text instead of going on.</summary>
    Reply = 1,

    /// <summary>Stall for a duration, then go on.</summary>
    Delay = 2,

    /// <summary>Close the control or SSH connection, with TLS close_notify or SSH DISCONNECT unless told otherwise.</summary>
    Disconnect = 4,

    /// <summary>Abort the connection carrying the upload's bytes with a TCP reset.</summary>
    ResetData = 8,

    /// <summary>Cap the session's uploads at a rate in bytes per second from now on.</summary>
    Throttle = 16,

    /// <summary>Answer as a full disk would: FTP 452, SFTP failure with the no-room text.</summary>
    DiskFull = 32,

    /// <summary>Refuse the login as a wrong password would.</summary>
    RefuseLogin = 64,

    /// <summary>Send a reply line that is not a valid reply.</summary>
    CorruptReply = 128,
}

/// <summary>The configuration's and the API's names of the actions.</summary>
public static class FaultActionNames
{
    private static readonly (string Name, FaultActionKind Kind)[] Names =
    [
        ("reply", FaultActionKind.Reply),
        ("delay", FaultActionKind.Delay),
        ("disconnect", FaultActionKind.Disconnect),
        ("reset-data", FaultActionKind.ResetData),
        ("throttle", FaultActionKind.Throttle),
        ("disk-full", FaultActionKind.DiskFull),
        ("refuse-login", FaultActionKind.RefuseLogin),
        ("corrupt-reply", FaultActionKind.CorruptReply),
    ];

    public static IEnumerable<string> All => Names.Select(entry => entry.Name);

    public static FaultActionKind Parse(string? name) =>
        Names.FirstOrDefault(entry => string.Equals(entry.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)).Kind;

    public static string Name(FaultActionKind kind) => Names.First(entry => entry.Kind == kind).Name;
}
