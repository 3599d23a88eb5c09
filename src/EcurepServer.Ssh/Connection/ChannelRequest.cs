using System.Text;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// A CHANNEL_REQUEST's common fields and, for subsystem and exec, the name or command (RFC 4254 section 6.5); for env
/// the variable's name (its value is never read: it may hold a secret) and for pty-req the terminal type.
/// </summary>
internal sealed record ChannelRequest(uint Recipient, string Type, bool WantReply, string? Argument)
{
    /// <summary>Longest command or subsystem name kept for replies and logs.</summary>
    private const int MaxArgumentLength = 200;

    public static ChannelRequest Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        reader.ReadByte();
        var recipient = reader.ReadUInt32();
        var type = reader.ReadUtf8();
        var wantReply = reader.ReadBoolean();
        string? argument = null;
        if (type is "subsystem" or "exec" or "env" or "pty-req")
        {
            // Lenient: a command naming a non-UTF-8 file must still get the refusal, not a disconnect.
            argument = Encoding.UTF8.GetString(reader.ReadBinary());
            if (argument.Length > MaxArgumentLength)
            {
                argument = argument[..MaxArgumentLength];
            }
        }

        return new ChannelRequest(recipient, type, wantReply, argument);
    }
}
