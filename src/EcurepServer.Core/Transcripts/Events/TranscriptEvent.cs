using System.Text.Json.Serialization;

namespace EcurepServer.Core.Transcripts.Events;

/// <summary>
/// One line of a session transcript: what happened and when (UTC). The <c>event</c> property names the kind. Nothing
/// secret is ever put into an event: no password, no keyboard-interactive answer, no key but public fingerprints.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(SessionStartEvent), "start")]
[JsonDerivedType(typeof(SessionEndEvent), "end")]
[JsonDerivedType(typeof(LoginEvent), "login")]
[JsonDerivedType(typeof(UploadEvent), "upload")]
[JsonDerivedType(typeof(CommandEvent), "command")]
[JsonDerivedType(typeof(ReplyEvent), "reply")]
[JsonDerivedType(typeof(TlsEvent), "tls")]
[JsonDerivedType(typeof(ProtectionEvent), "protection")]
[JsonDerivedType(typeof(DataConnectionEvent), "data")]
[JsonDerivedType(typeof(SshVersionEvent), "ssh-version")]
[JsonDerivedType(typeof(SshKexInitEvent), "ssh-kexinit")]
[JsonDerivedType(typeof(SshKexEvent), "ssh-kex")]
[JsonDerivedType(typeof(SshAuthEvent), "ssh-auth")]
[JsonDerivedType(typeof(SshChannelEvent), "ssh-channel")]
[JsonDerivedType(typeof(SshRequestEvent), "ssh-request")]
[JsonDerivedType(typeof(SftpInitEvent), "sftp-init")]
[JsonDerivedType(typeof(SftpRequestEvent), "sftp")]
[JsonDerivedType(typeof(SftpWritesEvent), "sftp-writes")]
[JsonDerivedType(typeof(FaultEvent), "fault")]
public abstract record TranscriptEvent
{
    /// <summary>When it happened; the transcript sets it as the event is written.</summary>
    [JsonPropertyOrder(-1)]
    public DateTimeOffset Time { get; set; }
}
