using System.Globalization;
using System.Text;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// The xferlog(5) transfer log: one line per completed or aborted upload in the field layout vsftpd and ProFTPD
/// write (UTC ctime date, seconds, client, bytes, file name with spaces as _, b _ i, access mode and user, service,
/// 0 *, c or i), for log tooling that reads it. A failed write is logged and never fails the upload.
/// </summary>
public sealed partial class TransferLog(string path, ILogger logger) : IDisposable
{
    private readonly Lock _lock = new();
    private StreamWriter? _writer;

    /// <summary>Whether a path is configured; without one nothing is written.</summary>
    public bool IsEnabled => path.Length > 0;

    /// <summary>
    /// One line: <paramref name="bytes"/> is what this session transferred, <paramref name="completed"/> whether the
    /// upload was delivered. The service is "ftp" as vsftpd writes it, or "sftp".
    /// </summary>
    public void Write(DateTimeOffset now, SessionContext session, Principal principal, string virtualPath, long bytes, TimeSpan duration, bool completed)
    {
        if (!IsEnabled)
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(principal);
        var line = Line(now, session, principal, virtualPath, bytes, duration, completed);
        lock (_lock)
        {
            try
            {
                if (_writer is null)
                {
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                }

                _writer ??= new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false)) { AutoFlush = true };
                _writer.Write(line);
                _writer.Write('\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _writer?.Dispose();
                _writer = null;
                LogFailed(logger, e, path);
            }
        }
    }

    /// <summary>The line without its newline; every field is one token, as xferlog readers split on blanks.</summary>
    public static string Line(DateTimeOffset now, SessionContext session, Principal principal, string virtualPath, long bytes, TimeSpan duration, bool completed)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(principal);
        var utc = now.UtcDateTime;
        var date = string.Create(CultureInfo.InvariantCulture, $"{utc:ddd MMM} {utc.Day,2} {utc:HH:mm:ss yyyy}");
        var seconds = Math.Max(1, (long)duration.TotalSeconds);
        var (mode, user) = principal.IsAnonymous ? ('a', principal.AnonymousEmail ?? principal.Name) : ('r', principal.Name);
        var service = session.Protocol == "sftp" ? "sftp" : "ftp";
        return string.Create(CultureInfo.InvariantCulture,
            $"{date} {seconds} {session.ClientAddress} {bytes} {Token(virtualPath)} b _ i {mode} {Token(user)} {service} 0 * {(completed ? 'c' : 'i')}");
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>Blanks become _, as vsftpd writes file names, and control characters ?, so a field stays one token; empty is -.</summary>
    private static string Token(string text) => text.Length == 0 ? "-" :
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsWhiteSpace(source[i]) ? '_' : char.IsControl(source[i]) ? '?' : source[i];
            }
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the transfer log {Path}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);
}
