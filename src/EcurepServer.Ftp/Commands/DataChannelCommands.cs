using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp.Commands;

/// <summary>Shared steps of PASV and EPSV: a listener from the pool on the address the client reached.</summary>
internal abstract class PassiveCommandBase : FtpCommandHandler
{
    protected static async Task<PassiveDataChannel?> ListenAsync(FtpSession session)
    {
        // The new channel replaces the old one; giving the old port back first keeps it out of the address's count.
        session.SetDataChannel(null);
        var client = session.RemoteEndPoint.Address;
        var cap = session.Options.MaxPassivePortsPerAddress;
        var lease = session.Server.PassivePorts.Listen(session.LocalAddress, client, cap, out var shortage);
        if (lease is null)
        {
            if (shortage == PassivePortShortage.AddressLimit)
            {
                FtpLog.PassivePortLimit(session.Logger, client.ToString(), cap);
                await session.ReplyAsync(425, session.Texts.PassivePortLimit).ConfigureAwait(false);
                return null;
            }

            FtpLog.DataConnectionFailed(session.Logger, "passive port range exhausted");
            await session.ReplyAsync(425, session.Texts.NoPassivePort).ConfigureAwait(false);
            return null;
        }

        var channel = new PassiveDataChannel(lease, client, session.Time, session.Options.DataConnectionAcceptTimeout, session.Logger);
        session.SetDataChannel(channel);
        return channel;
    }
}

internal sealed class PasvCommand : PassiveCommandBase
{
    public override string Verb => "PASV";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        if (session.EpsvAll)
        {
            await session.ReplyAsync(501, FtpReplyTexts.Format(session.Texts.RefusedAfterEpsvAll, "verb", Verb)).ConfigureAwait(false);
            return;
        }

        var advertised = session.Options.PassiveAddress ?? session.LocalAddress;
        if (EndpointRules.FormatPassive(advertised, 0) is null)
        {
            await session.ReplyAsync(425, session.Texts.PassiveNeedsIpv4).ConfigureAwait(false);
            return;
        }

        if (await ListenAsync(session).ConfigureAwait(false) is { } channel)
        {
            var address = EndpointRules.FormatPassive(advertised, channel.Port)!;
            await session.ReplyAsync(227, FtpReplyTexts.Format(session.Texts.EnteringPassiveMode, "address", address)).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// EPSV (RFC 2428): "EPSV", "EPSV 1|2", and "EPSV ALL" which locks out PORT, EPRT and PASV. A protocol other than the
/// control connection's (3, or 2 over IPv4) gets 522 naming the one this connection supports.
/// </summary>
internal sealed class EpsvCommand : PassiveCommandBase
{
    public override string Verb => "EPSV";

    public override string? Feature => "EPSV";

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var texts = session.Texts;
        var option = argument.Trim();
        if (option.Equals("ALL", StringComparison.OrdinalIgnoreCase))
        {
            session.EpsvAll = true;
            await session.ReplyAsync(200, texts.EpsvAllAccepted).ConfigureAwait(false);
            return;
        }

        if (option.Length > 0)
        {
            if (!int.TryParse(option, NumberStyles.None, CultureInfo.InvariantCulture, out var protocol))
            {
                await session.ReplyAsync(501, FtpReplyTexts.Format(texts.SyntaxError, "verb", Verb)).ConfigureAwait(false);
                return;
            }

            if (protocol != EndpointRules.NetworkProtocol(session.LocalAddress))
            {
                await NetworkProtocolReply.SendAsync(session).ConfigureAwait(false);
                return;
            }
        }

        if (await ListenAsync(session).ConfigureAwait(false) is { } channel)
        {
            var port = channel.Port.ToString(CultureInfo.InvariantCulture);
            await session.ReplyAsync(229, FtpReplyTexts.Format(texts.EnteringExtendedPassiveMode, "port", port)).ConfigureAwait(false);
        }
    }
}

/// <summary>Shared checks of PORT and EPRT: only to the control peer, only to an unprivileged port (no FTP bounce).</summary>
internal abstract class ActiveCommandBase : FtpCommandHandler
{
    protected abstract IPEndPoint? Parse(string argument);

    /// <summary>The RFC 2428 network protocol the argument names, where the command names one.</summary>
    protected virtual int? ProtocolOf(string argument) => null;

    public override async Task ExecuteAsync(FtpSession session, string argument)
    {
        var texts = session.Texts;
        if (session.EpsvAll)
        {
            await session.ReplyAsync(501, FtpReplyTexts.Format(texts.RefusedAfterEpsvAll, "verb", Verb)).ConfigureAwait(false);
            return;
        }

        if (ProtocolOf(argument) is { } protocol && protocol != EndpointRules.NetworkProtocol(session.RemoteEndPoint.Address))
        {
            await NetworkProtocolReply.SendAsync(session).ConfigureAwait(false);
            return;
        }

        if (Parse(argument) is not { } target)
        {
            await session.ReplyAsync(501, FtpReplyTexts.Format(texts.SyntaxError, "verb", Verb)).ConfigureAwait(false);
            return;
        }

        if (!EndpointRules.SameHost(target.Address, session.RemoteEndPoint.Address))
        {
            FtpLog.ForeignPort(session.Logger, Verb, target.ToString());
            session.Offended(Connections.ClientOffence.HostileInput);
            await session.ReplyAsync(501, texts.PortForeignAddress).ConfigureAwait(false);
            return;
        }

        if (target.Port < 1024)
        {
            FtpLog.ForeignPort(session.Logger, Verb, target.ToString());
            await session.ReplyAsync(501, texts.PortPrivileged).ConfigureAwait(false);
            return;
        }

        var normalized = new IPEndPoint(EndpointRules.Normalize(target.Address), target.Port);
        session.SetDataChannel(new ActiveDataChannel(normalized, session.LocalAddress));
        await session.ReplyAsync(200, texts.PortAccepted).ConfigureAwait(false);
    }
}

internal sealed class PortCommand : ActiveCommandBase
{
    public override string Verb => "PORT";

    protected override IPEndPoint? Parse(string argument) => EndpointRules.ParsePort(argument);
}

internal sealed class EprtCommand : ActiveCommandBase
{
    public override string Verb => "EPRT";

    public override string? Feature => "EPRT";

    protected override IPEndPoint? Parse(string argument) => EndpointRules.ParseExtendedPort(argument);

    protected override int? ProtocolOf(string argument) => EndpointRules.ExtendedPortProtocol(argument);
}

/// <summary>The 522 of RFC 2428 for EPSV and EPRT, naming the network protocol this control connection supports.</summary>
internal static class NetworkProtocolReply
{
    public static Task SendAsync(FtpSession session) =>
        session.ReplyAsync(522, FtpReplyTexts.Format(
            session.Texts.NetworkProtocolUnsupported,
            "protocols",
            EndpointRules.NetworkProtocol(session.LocalAddress).ToString(CultureInfo.InvariantCulture)));
}
