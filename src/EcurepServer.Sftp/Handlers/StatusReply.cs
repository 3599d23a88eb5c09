using EcurepServer.Core;
using EcurepServer.Sftp.Protocol;

namespace EcurepServer.Sftp.Handlers;

/// <summary>A status to send instead of the requested data: a Core refusal mapped, or the subsystem's own.</summary>
internal sealed record StatusReply(StatusCode Code, string Message)
{
    public static StatusReply From(Refusal refusal) => new(Refusals.ToStatus(refusal.Kind), refusal.Message);

    public static StatusReply Failure(string message) => new(StatusCode.Failure, message);
}
