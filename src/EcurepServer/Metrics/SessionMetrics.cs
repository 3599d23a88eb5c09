using System.Diagnostics.Metrics;
using EcurepServer.Core.Metrics;
using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Metrics;

/// <summary>
/// The session instruments, read from each session's transcript events (written for every session, kept or not):
/// sessions active and ended (by end reason), logins by result, TLS handshake failures and SSH key exchanges that
/// never finished; each labelled by site and protocol.
/// </summary>
public sealed class SessionMetrics
{
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _tlsFailures;
    private readonly Counter<long> _kexFailures;

    /// <param name="meterFactory">The host's factory; null makes a meter of its own (tests).</param>
    public SessionMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(DropBoxMetrics.MeterName) ?? new Meter(DropBoxMetrics.MeterName);
        _active = meter.CreateUpDownCounter<long>("ecurep.sessions.active", "{session}", "Sessions connected now");
        _ended = meter.CreateCounter<long>("ecurep.sessions", "{session}", "Sessions ended, by end reason");
        _logins = meter.CreateCounter<long>("ecurep.logins", "{login}", "Logins by result: ok, anonymous, bad_password, unknown_account, anonymous_refused, banned");
        _tlsFailures = meter.CreateCounter<long>("ecurep.tls.handshake.failures", "{handshake}", "Failed TLS handshakes, by channel");
        _kexFailures = meter.CreateCounter<long>("ecurep.ssh.kex.failures", "{connection}", "SSH connections that ended before their first key exchange finished, by end reason");
    }

    /// <summary>The login result label of a Core login verdict.</summary>
    public static string LoginResult(LoginEvent login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return login.Succeeded
            ? login.Anonymous ? "anonymous" : "ok"
            : login.Failure switch
            {
                "WrongCredentials" => "bad_password",
                "UnknownAccount" => "unknown_account",
                "AnonymousNotAllowed" or "InvalidEmail" => "anonymous_refused",
                "Busy" => "busy",
                _ => "other",
            };
    }

    /// <summary>What one session's transcript tells the instruments.</summary>
    public Observer Follow() => new(this);

    public sealed class Observer(SessionMetrics metrics)
    {
        private KeyValuePair<string, object?> _site;
        private KeyValuePair<string, object?> _protocol;
        private bool _started;
        private bool _kexStarted;
        private bool _kexFinished;

        public void Write(TranscriptEvent transcriptEvent)
        {
            switch (transcriptEvent)
            {
                case SessionStartEvent start when !_started:
                    _started = true;
                    _site = new("site", start.Site);
                    _protocol = new("protocol", start.Protocol);
                    metrics._active.Add(1, _site, _protocol);
                    break;
                case LoginEvent login when _started:
                    metrics._logins.Add(1, _site, _protocol, new("result", LoginResult(login)));
                    break;
                case SshAuthEvent { Method: "publickey", Result: "success" } when _started:
                    metrics._logins.Add(1, _site, _protocol, new("result", "ok"));
                    break;
                case TlsEvent { Failure: not null } tls when _started:
                    metrics._tlsFailures.Add(1, _site, _protocol, new("channel", tls.Channel));
                    break;
                case SshKexInitEvent:
                    _kexStarted = true;
                    break;
                case SshKexEvent:
                    _kexFinished = true;
                    break;
            }
        }

        public void End(string reason)
        {
            if (!_started)
            {
                return;
            }

            _started = false;
            metrics._active.Add(-1, _site, _protocol);
            metrics._ended.Add(1, _site, _protocol, new("reason", reason));
            if (_kexStarted && !_kexFinished)
            {
                metrics._kexFailures.Add(1, _site, _protocol, new("reason", reason));
            }
        }
    }
}
