using EcurepServer.Connections;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Commands;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Tls;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ftp.Session;

/// <summary>What every session of one server shares.</summary>
internal sealed class FtpServerContext(
    string siteName,
    FtpServerOptions options,
    TlsCredentials? tls,
    ILoginService logins,
    IDropBox dropBox,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    PassivePortPool passivePorts,
    ITranscriptSink? transcripts)
{
    public string SiteName { get; } = siteName;

    public FtpServerOptions Options { get; } = options;

    public FtpReplyTexts Texts { get; } = FtpReplyTexts.With(options.Replies);

    private volatile TlsCredentials? _tls = tls;

    /// <summary>The certificates and TLS settings new handshakes use; null for a plain listener.</summary>
    public TlsCredentials? Tls
    {
        get => _tls;
        set => _tls = value;
    }

    public ILoginService Logins { get; } = logins;

    public IDropBox DropBox { get; } = dropBox;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("EcurepServer.Ftp");

    public PassivePortPool PassivePorts { get; } = passivePorts;

    public CommandTable Commands { get; } = CommandTable.CreateDefault();

    /// <summary>The fault rules asked at each point of a session.</summary>
    public IFaultInjector Faults { get; set; } = NoFaults.Instance;

    /// <summary>The host's defender: asked at accept, told of protocol errors, hostile input and connections that never log in.</summary>
    public IClientGuard Guard { get; set; } = NoClientGuard.Instance;

    /// <summary>Where each session's transcript goes; null when this listener keeps none.</summary>
    public ITranscriptSink? Transcripts { get; } = transcripts;
}
