namespace EcurepServer.Core.Faults;

/// <summary>
/// An action with its values: the reply's <see cref="Code"/> and <see cref="Text"/>, the delay's
/// <see cref="Duration"/>, the throttle's <see cref="BytesPerSecond"/>, and for a disconnect whether the
/// connection ends politely (<see cref="Graceful"/>: TLS close_notify, SSH DISCONNECT) or just closes.
/// </summary>
public sealed record FaultAction(
    FaultActionKind Kind,
    int Code = 0,
    string? Text = null,
    TimeSpan Duration = default,
    long BytesPerSecond = 0,
    bool Graceful = true)
{
    /// <summary>The text a reply or corrupt reply sends when the rule gives none.</summary>
    public const string DefaultText = "Injected fault.";

    /// <summary>A reply code of 100 or more is an FTP reply; below, an SFTP status code.</summary>
    public bool IsFtpReply => Code >= 100;

    public string ReplyText => string.IsNullOrEmpty(Text) ? DefaultText : Text;

    public override string ToString() => Kind switch
    {
        FaultActionKind.Reply => $"reply {Code} {ReplyText}",
        FaultActionKind.Delay => $"delay {Duration}",
        FaultActionKind.Disconnect => Graceful ? "disconnect" : "disconnect without close_notify/DISCONNECT",
        FaultActionKind.Throttle => $"throttle {BytesPerSecond} bytes/s",
        _ => FaultActionNames.Name(Kind),
    };
}
