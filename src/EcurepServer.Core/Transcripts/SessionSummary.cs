using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Core.Transcripts;

/// <summary>
/// A session as its transcript sums it up: when it began and ended, who logged in, from where, through which door,
/// what it uploaded and why it ended. <see cref="EndReason"/> is null while the session runs (or when its end was lost).
/// </summary>
public sealed record SessionSummary(
    string Id,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    string? Account,
    bool Anonymous,
    string? Client,
    string? Server,
    string? Protocol,
    string? Site,
    long BytesUploaded,
    int Delivered,
    string? EndReason,
    bool Failed)
{
    public TimeSpan? Duration => Ended - Started;

    public static SessionSummary Of(string id, IReadOnlyList<TranscriptEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var start = events.OfType<SessionStartEvent>().FirstOrDefault();
        var end = events.OfType<SessionEndEvent>().LastOrDefault();
        var login = events.OfType<LoginEvent>().LastOrDefault(e => e.Succeeded);
        var sshUser = events.OfType<SshAuthEvent>().LastOrDefault(e => e.Result == "success")?.User;
        var uploads = events.OfType<UploadEvent>().ToList();
        var failedLogin = events.Any(e => e is LoginEvent { Succeeded: false } or SshAuthEvent { Result: "failure", Method: not "none" });
        var account = login?.Account ?? sshUser;
        var failed = (end is not null && !EndReasons.IsNormal(end.Reason))
            || uploads.Any(upload => upload.Outcome != UploadOutcomes.Delivered && !(upload.Outcome == UploadOutcomes.Discarded && upload.Reason is null))
            || (failedLogin && account is null);
        SessionIds.TryParse(id, out var fromId);
        return new SessionSummary(
            id,
            start?.Time ?? events.FirstOrDefault()?.Time ?? fromId,
            end?.Time,
            account,
            login?.Anonymous ?? false,
            start?.Client,
            start?.Server,
            start?.Protocol,
            start?.Site,
            uploads.Sum(upload => upload.Bytes),
            uploads.Count(upload => upload.Outcome == UploadOutcomes.Delivered),
            end?.Reason,
            failed);
    }
}
