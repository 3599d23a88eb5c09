using EcurepServer.Core.Configuration;

namespace EcurepServer.Sftp;

/// <summary>The SFTP subsystem's limits, bound from <c>EcurepServer:Sftp</c>. Every limit has a safe default.</summary>
public sealed class SftpOptions
{
    public const string SectionName = "EcurepServer:Sftp";

    /// <summary>OpenSSH's SFTP_MAX_MSG_LENGTH; clients size their requests by the limits reply derived from it.</summary>
    public const int DefaultMaxMessageBytes = 256 * 1024;

    /// <summary>Room kept in a message for the fields around the data of a READ or WRITE, as OpenSSH does.</summary>
    public const int MessageOverheadBytes = 1024;

    /// <summary>
    /// The largest value <see cref="MaxMessageBytes"/> may take. A message is handled only once it is whole, and the
    /// transport lets no more in than its window (at least 2 MiB in the SSH engine, less what it has not yet given
    /// back), so a larger message could never arrive and the session would wait forever.
    /// </summary>
    public const int MaxMaxMessageBytes = 1024 * 1024;

    /// <summary>The largest SFTP message accepted (its length field, 4-byte prefix excluded). A larger one ends the session.</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>Open file and directory handles per session, uploads closed but waiting for a RENAME included.</summary>
    public int MaxOpenHandles { get; set; } = 100;

    /// <summary>
    /// Bytes of out-of-order WRITEs a session holds in memory until the data before them arrives; OpenSSH's
    /// client keeps up to 64 writes of 255 KiB in flight.
    /// </summary>
    public int MaxWriteAheadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Bytes of out-of-order WRITEs all sessions together may hold in memory, so that many sessions cannot add up
    /// their <see cref="MaxWriteAheadBytes"/> past what the machine has. Clients that write in order never use it.
    /// </summary>
    public long MaxWriteAheadBytesTotal { get; set; } = 256L * 1024 * 1024;

    /// <summary>No WRITE may reach past this offset; Core's own maximum upload size applies as well.</summary>
    public long MaxWriteOffset { get; set; } = DropBoxOptions.DefaultMaxUploadBytes;

    /// <summary>Entries per READDIR reply.</summary>
    public int MaxDirectoryEntriesPerReply { get; set; } = 100;

    /// <summary>
    /// Uploads whose names end with one of these are delivered by the RENAME that follows their CLOSE (WinSCP
    /// uploads <c>name.filepart</c>, then renames it to <c>name</c>), so only the final name is ever delivered.
    /// </summary>
    public string[] DeliverOnRenameSuffixes { get; set; } = [".filepart"];

    /// <summary>Refuses every request that writes, like <c>sftp-server -R</c>.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The largest READ or WRITE data that fits in a message.</summary>
    public int MaxDataBytes => MaxMessageBytes - MessageOverheadBytes;

    /// <summary>Every problem with these settings, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxMessageBytes < 32 * 1024 || MaxMessageBytes > MaxMaxMessageBytes)
        {
            errors.Add($"{SectionName}:MaxMessageBytes must be between 32768 and {MaxMaxMessageBytes} bytes, not {MaxMessageBytes}.");
        }

        if (MaxOpenHandles < 1 || MaxOpenHandles > 10_000)
        {
            errors.Add($"{SectionName}:MaxOpenHandles must be between 1 and 10000, not {MaxOpenHandles}.");
        }

        if (MaxWriteAheadBytes < 0 || MaxWriteAheadBytes > 1024 * 1024 * 1024)
        {
            errors.Add($"{SectionName}:MaxWriteAheadBytes must be between 0 and 1073741824 bytes, not {MaxWriteAheadBytes}.");
        }

        if (MaxWriteAheadBytesTotal < 0)
        {
            errors.Add($"{SectionName}:MaxWriteAheadBytesTotal must not be negative, not {MaxWriteAheadBytesTotal}.");
        }

        if (MaxWriteOffset <= 0)
        {
            errors.Add($"{SectionName}:MaxWriteOffset must be a positive number of bytes, not {MaxWriteOffset}.");
        }

        if (MaxDirectoryEntriesPerReply < 1 || MaxDirectoryEntriesPerReply > 10_000)
        {
            errors.Add($"{SectionName}:MaxDirectoryEntriesPerReply must be between 1 and 10000, not {MaxDirectoryEntriesPerReply}.");
        }

        if (DeliverOnRenameSuffixes is null || DeliverOnRenameSuffixes.Any(string.IsNullOrEmpty))
        {
            errors.Add($"{SectionName}:DeliverOnRenameSuffixes must be a list of non-empty suffixes (it may be empty).");
        }

        return errors;
    }
}
