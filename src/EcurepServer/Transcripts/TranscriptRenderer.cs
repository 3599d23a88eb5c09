using System.Globalization;
using System.Text;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Logging;

namespace EcurepServer.Transcripts;

/// <summary>
/// A transcript as an FTP client's debug mode shows a session: "&gt; " before each command line as received, "&lt; "
/// before each reply line as sent, one line per SFTP request with its answer, and everything else (TLS, SSH, logins,
/// data connections, uploads, the end) as indented notes with their time. Text that came from a client is escaped
/// (<see cref="PrintableText"/>) so it cannot drive the terminal; plain text reads byte for byte as it went over the wire.
/// </summary>
public static class TranscriptRenderer
{
    private const string Note = "    ";

    public static IEnumerable<string> Render(SessionSummary summary, IReadOnlyList<TranscriptEvent> events)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(events);
        yield return $"Session {summary.Id}: {summary.Protocol ?? "?"} at site {Text(summary.Site ?? "?")}, client {summary.Client ?? "?"}, server {summary.Server ?? "?"}, began {Date(summary.Started)}";
        foreach (var transcriptEvent in events)
        {
            foreach (var line in Lines(transcriptEvent))
            {
                yield return line;
            }
        }

        if (summary.EndReason is null)
        {
            yield return Note + "(no end yet: the session is running, or its end was lost)";
        }
    }

    private static IEnumerable<string> Lines(TranscriptEvent transcriptEvent) => transcriptEvent switch
    {
        CommandEvent { TooLong: true } => ["> (a line over the length limit, not kept)"],
        CommandEvent command => ["> " + (command.Escaped == true ? command.Line : Text(command.Line))],
        ReplyEvent reply => reply.Lines.Select(line => "< " + Text(line)),
        SftpRequestEvent request => [Sftp(request)],
        SftpWritesEvent writes => [Writes(writes)],
        SessionStartEvent => [],
        _ => [Note + Time(transcriptEvent.Time) + " " + Describe(transcriptEvent)],
    };

    private static string Describe(TranscriptEvent transcriptEvent) => transcriptEvent switch
    {
        SessionEndEvent end => $"ended: {end.Reason}{Detail(end.Detail)}{(end.DroppedEvents is { } dropped ? $" ({dropped} events of this session were dropped)" : string.Empty)}",
        LoginEvent { Succeeded: true } login => $"login of {Text(login.User)} succeeded: account {Text(login.Account ?? "?")}{(login.Anonymous ? " (anonymous)" : string.Empty)}",
        LoginEvent login => $"login of {Text(login.User)} failed: {login.Failure}",
        UploadEvent upload => Upload(upload),
        TlsEvent tls => Tls(tls),
        ProtectionEvent protection => $"{protection.Channel} channel protection: {protection.Level}",
        DataConnectionEvent data =>
            $"data connection ({data.Mode}, {data.Purpose}, {(data.Protected ? "TLS" : "clear")}) from {data.Peer ?? "-"}: {data.Bytes} bytes in {data.Seconds.ToString("0.###", CultureInfo.InvariantCulture)} s, {data.End}",
        SshVersionEvent versions => $"SSH versions: client {Text(versions.Client)}, server {versions.Server}",
        SshKexInitEvent init =>
            $"KEXINIT from the {init.Sender} (exchange {init.Exchange}): kex {List(init.Kex)}; host keys {List(init.HostKey)}; ciphers {List(init.CiphersClientToServer)} / {List(init.CiphersServerToClient)}; MACs {List(init.MacsClientToServer)} / {List(init.MacsServerToClient)}; compression {List(init.CompressionClientToServer)} / {List(init.CompressionServerToClient)}",
        SshKexEvent kex =>
            $"key exchange {kex.Exchange}: {kex.Kex}, host key {kex.HostKey}, client to server {kex.CipherClientToServer}{Mac(kex.MacClientToServer)}, server to client {kex.CipherServerToClient}{Mac(kex.MacServerToClient)}{(kex.StrictKex ? ", strict kex" : string.Empty)}{(kex.ExtInfo ? ", ext-info sent" : string.Empty)}",
        SshAuthEvent auth =>
            $"authentication of {Text(auth.User)} by {Text(auth.Method)}: {auth.Result}{(auth.KeyType is null ? string.Empty : $" ({auth.KeyType} {auth.Fingerprint})")}{Detail(auth.Reason)}",
        SshChannelEvent { Accepted: true } channel => $"channel {channel.Channel} opened: {Text(channel.Type)}",
        SshChannelEvent channel => $"channel of type {Text(channel.Type)} refused{Detail(channel.Reason)}",
        SshRequestEvent request =>
            $"channel {request.Channel} {Text(request.Request)}{(request.Argument is null ? string.Empty : " " + Text(request.Argument))}: {(request.Accepted ? "served" : "refused")}{Detail(request.Reason)}",
        SftpInitEvent init => $"SFTP version {init.ServerVersion} (the client asked for {init.ClientVersion})",
        FaultEvent fault => $"fault {Text(fault.Rule)} fired at {Text(fault.Point)}: {Text(fault.Action)}",
        _ => transcriptEvent.GetType().Name,
    };

    private static string Upload(UploadEvent upload)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"upload {Text(upload.Path)} {upload.Outcome}: {upload.Bytes} bytes in this session, file {upload.Size} bytes");
        if (upload.Sha256 is not null)
        {
            text.Append(", SHA-256 ").Append(upload.Sha256);
        }

        if (upload.StoredPath is not null)
        {
            text.Append(", kept as ").Append(Text(upload.StoredPath));
        }

        return text.Append(Detail(upload.Reason)).ToString();
    }

    private static string Tls(TlsEvent tls)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"TLS on the {tls.Channel} connection");
        if (tls.Protocol is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $": {tls.Protocol}, {tls.CipherSuite}");
            text.Append(tls.ServerName is null ? ", no SNI" : ", SNI " + Text(tls.ServerName));
            text.Append(tls.Resumed switch
            {
                true => ", resumed session",
                false => ", new session",
                null => string.Empty,
            });
            text.Append(tls.ClientCertificate is null ? ", no client certificate" : ", client certificate " + Text(tls.ClientCertificate));
        }

        return tls.Failure is null ? text.ToString() : text.Append(": failed, ").Append(Text(tls.Failure)).ToString();
    }

    private static string Sftp(SftpRequestEvent request)
    {
        var text = new StringBuilder("> ").Append(request.Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Text(request.Request));
        if (request.Handle is { } handle && request.Reply != "HANDLE")
        {
            text.Append(" handle ").Append(handle.ToString(CultureInfo.InvariantCulture));
        }

        Append(text, request.Path);
        if (request.Target is not null)
        {
            text.Append(" ->");
            Append(text, request.Target);
        }

        if (request.Flags is not null)
        {
            text.Append(" [").Append(request.Flags).Append(']');
        }

        text.Append("  < ").Append(request.Reply);
        if (request.Reply == "HANDLE" && request.Handle is { } given)
        {
            text.Append(' ').Append(given.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Status is not null)
        {
            text.Append(' ').Append(request.Status);
        }

        if (!string.IsNullOrEmpty(request.Message) && request.Status != "OK")
        {
            text.Append(": ").Append(Text(request.Message));
        }

        return text.ToString();
    }

    private static string Writes(SftpWritesEvent writes)
    {
        var text = new StringBuilder("> ").Append(CultureInfo.InvariantCulture, $"{writes.FirstId}..{writes.LastId} WRITE x{writes.Count} handle {writes.Handle}");
        Append(text, writes.Path);
        text.Append(CultureInfo.InvariantCulture, $" bytes {writes.FromOffset}-{writes.ToOffset} ({writes.Bytes} bytes)  < STATUS {writes.Status}");
        return writes.Message is null ? text.ToString() : text.Append(": ").Append(Text(writes.Message)).ToString();
    }

    private static void Append(StringBuilder text, string? path)
    {
        if (path is not null)
        {
            text.Append(' ').Append(Text(path));
        }
    }

    private static string Text(string text) => PrintableText.Escape(text);

    private static string List(IReadOnlyList<string> names) => Text(string.Join(',', names));

    private static string Mac(string? mac) => mac is null ? string.Empty : " " + mac;

    private static string Detail(string? detail) => string.IsNullOrEmpty(detail) ? string.Empty : " (" + Text(detail) + ")";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";
}
