using System.IO.Pipelines;
using EcurepServer.Connections;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Sftp;

/// <summary>
/// The SFTP subsystem (version 3, draft-ietf-secsh-filexfer-02, with OpenSSH's extensions) over one pair of
/// pipes, mapped onto a Core drop-box session. The SSH engine feeds the channel's data into the input and
/// sends what appears on the output; every drop-box rule is Core's.
/// </summary>
public sealed class SftpSubsystem
{
    private readonly SftpOptions _options;

    /// <summary>Out-of-order writes held by all sessions this subsystem serves.</summary>
    private readonly ByteBudget _writeAhead;
    private readonly TimeProvider _time;
    private readonly ILogger<SftpSubsystem> _logger;
    private readonly IFaultInjector _faults;

    /// <param name="faults">The fault rules asked at each request and as uploads grow; none when null.</param>
    public SftpSubsystem(IOptions<SftpOptions> options, TimeProvider time, ILogger<SftpSubsystem> logger, IFaultInjector? faults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = options.Value.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(SftpOptions), typeof(SftpOptions), errors);
        }

        _options = options.Value;
        _writeAhead = new ByteBudget(_options.MaxWriteAheadBytesTotal);
        _time = time;
        _logger = logger;
        _faults = faults ?? NoFaults.Instance;
    }

    /// <summary>Out-of-order write data all sessions hold now (MaxWriteAheadBytesTotal bounds it).</summary>
    public long WriteAheadBytesHeld => _writeAhead.Reserved;

    /// <summary>
    /// Options for a <see cref="Pipe"/> that carries the input: it must hold a whole message (up to
    /// <see cref="SftpOptions.MaxMessageBytes"/>) before its writer pauses, or a large WRITE could never arrive.
    /// </summary>
    public PipeOptions InputPipeOptions => new(
        pauseWriterThreshold: 4L * (_options.MaxMessageBytes + 4),
        resumeWriterThreshold: 2L * (_options.MaxMessageBytes + 4),
        useSynchronizationContext: false);

    /// <summary>
    /// Serves one SFTP session until the input ends, the output is closed, a message breaks the framing or
    /// <paramref name="cancellationToken"/> fires; then ends every unfinished upload without delivering it
    /// (Core keeps it for a resume) and completes both pipes. The host opens <paramref name="session"/> with
    /// <c>new DropBoxSessionOptions(ShowFromIbm: false)</c> and protocol "sftp": ECuRep's SFTP shows only
    /// <c>toibm</c>. A client's bad request never throws; the task fails only if the transport does.
    /// </summary>
    public Task RunAsync(PipeReader input, PipeWriter output, IDropBoxSession session, CancellationToken cancellationToken) =>
        RunAsync(input, output, session, null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="abortConnection"/> ends the whole connection the session runs on when a disconnect or
    /// reset-data fault fires (without it such a fault ends only the session).
    /// </summary>
    public Task RunAsync(
        PipeReader input, PipeWriter output, IDropBoxSession session, Func<FaultAction, ValueTask>? abortConnection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(session);
        var connection = new SftpConnection(input, output, session, _options, _writeAhead, _time, _logger)
        {
            Faults = _faults,
            AbortConnection = abortConnection,
        };
        return connection.RunAsync(cancellationToken);
    }
}
