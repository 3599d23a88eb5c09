using System.Net.Security;
using EcurepServer.Core.Accounts;
using EcurepServer.Core.Sessions;
using EcurepServer.Ftp.Commands;
using EcurepServer.Ftp.Data;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ftp.Session;

/// <summary>What every session of one server shares.</summary>
internal sealed class FtpServerContext(
    FtpServerOptions options,
    SslServerAuthenticationOptions? tls,
    ILoginService logins,
    IDropBox dropBox,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    PassivePortPool passivePorts)
{
    public FtpServerOptions Options { get; } = options;

    public FtpReplyTexts Texts { get; } = options.Replies;

    public SslServerAuthenticationOptions? Tls { get; } = tls;

    /// <summary>The data channel's TLS settings (see <see cref="Ftp.Tls.TlsPolicy.ForDataChannel"/>).</summary>
    public SslServerAuthenticationOptions? DataTls { get; } = tls is null ? null : Ftp.Tls.TlsPolicy.ForDataChannel(tls);

    public ILoginService Logins { get; } = logins;

    public IDropBox DropBox { get; } = dropBox;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("EcurepServer.Ftp");

    public PassivePortPool PassivePorts { get; } = passivePorts;

    public CommandTable Commands { get; } = CommandTable.CreateDefault();
}
