using System.Collections.Concurrent;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Metrics;

namespace EcurepServer.Transcripts;

/// <summary>
/// The sessions connected to this process, kept from the transcripts' session lifecycle: a session is added when its
/// transcript opens, learns its door and client from the start event and its account from the login, and is removed
/// when its transcript ends. Sites that keep no transcripts are followed all the same; nothing is written for them.
/// The session instruments (<see cref="SessionMetrics"/>) are fed from the same events.
/// </summary>
public sealed class LiveSessions(SessionMetrics? metrics = null)
{
    private readonly SessionMetrics? _metrics = metrics;
    private readonly ConcurrentDictionary<string, LiveSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Func<string, string, bool>> _listeners = [];

    /// <summary>The connected sessions, oldest first.</summary>
    public IReadOnlyList<LiveSession> Connected =>
        [.. _sessions.Values.Where(session => session.Protocol is not null).OrderBy(session => session.Id, StringComparer.Ordinal)];

    /// <summary>A listener that can end its sessions: <paramref name="close"/> ends the session of an id at once, for a reason, and says whether it had it.</summary>
    public void AddListener(Func<string, string, bool> close) => _listeners.Add(close);

    /// <summary>
    /// Ends the given sessions at once (their transcripts end with <paramref name="reason"/>; nothing they were uploading
    /// is delivered) and waits until they have ended or <paramref name="timeout"/> passed; returns how many were ended.
    /// </summary>
    public async Task<int> EndAsync(IEnumerable<string> sessionIds, string reason, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var ending = new List<LiveSession>();
        foreach (var id in sessionIds.Distinct(StringComparer.Ordinal))
        {
            if (_sessions.TryGetValue(id, out var session))
            {
                session.EndReason = reason;
                if (_listeners.Any(close => close(id, reason)))
                {
                    ending.Add(session);
                }
            }
        }

        try
        {
            await Task.WhenAll(ending.Select(session => session.Ended)).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The reset goes on; whatever those sessions still write fails, as the drop box has ended their uploads.
        }

        return ending.Count;
    }

    /// <summary>A sink that follows each session it opens and hands its events on to <paramref name="inner"/> (none: nothing is written).</summary>
    public ITranscriptSink Follow(ITranscriptSink? inner) => new FollowingSink(this, inner);

    private sealed class FollowingSink(LiveSessions sessions, ITranscriptSink? inner) : ITranscriptSink
    {
        public SessionTranscript Open(string sessionId)
        {
            var session = new LiveSession(sessionId, SessionIds.TryParse(sessionId, out var started) ? started : DateTimeOffset.UtcNow);
            sessions._sessions[sessionId] = session;
            return new FollowedTranscript(sessions, session, inner?.Open(sessionId) ?? SessionTranscript.None, sessions._metrics?.Follow());
        }
    }

    private sealed class FollowedTranscript(LiveSessions sessions, LiveSession session, SessionTranscript inner, SessionMetrics.Observer? metrics) : SessionTranscript
    {
        public override bool IsEnabled => inner.IsEnabled;

        public override void Write(TranscriptEvent transcriptEvent)
        {
            switch (transcriptEvent)
            {
                case SessionStartEvent start:
                    session.Started(start);
                    break;
                case LoginEvent { Succeeded: true } login:
                    session.LoggedIn(login.Account ?? login.User, login.Anonymous);
                    break;
                case SshAuthEvent { Result: "success" } auth when session.Account is null:
                    session.LoggedIn(auth.User, false);
                    break;
            }

            metrics?.Write(transcriptEvent);
            inner.Write(transcriptEvent);
        }

        /// <summary>A session the host ended ends with the host's reason, whatever the engine says.</summary>
        public override void End(string reason, string? detail = null)
        {
            sessions._sessions.TryRemove(session.Id, out _);
            metrics?.End(session.EndReason ?? reason);
            inner.End(session.EndReason ?? reason, detail);
            session.MarkEnded();
        }
    }
}

/// <summary>A connected session: its id, when it began, and what its transcript's events told so far.</summary>
public sealed class LiveSession(string id, DateTimeOffset startedUtc)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Details? _details;
    private volatile Login? _login;

    public string Id { get; } = id;

    public DateTimeOffset StartedUtc { get; } = startedUtc;

    public string? Protocol => _details?.Protocol;

    public string? Site => _details?.Site;

    public string? ClientAddress => _details?.Client;

    /// <summary>The Transfer ID or anonymous e-mail once logged in; null before.</summary>
    public string? Account => _login?.Account;

    public bool Anonymous => _login?.Anonymous ?? false;

    /// <summary>Why the host ended the session, when it did.</summary>
    internal string? EndReason { get; set; }

    internal Task Ended => _ended.Task;

    internal void MarkEnded() => _ended.TrySetResult();

    internal void Started(SessionStartEvent start) => _details = new Details(start.Protocol, start.Site, start.Client);

    internal void LoggedIn(string account, bool anonymous) => _login = new Login(account, anonymous);

    private sealed record Details(string Protocol, string Site, string Client);

    private sealed record Login(string Account, bool Anonymous);
}
