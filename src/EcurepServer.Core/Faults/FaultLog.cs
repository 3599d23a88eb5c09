using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Faults;

internal static partial class FaultLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Fault {RuleId} fired at {Point} ({Site} {Protocol} {Account} {ClientAddress}): {Action}")]
    public static partial void Fired(ILogger logger, string ruleId, string point, string site, string protocol, string? account, string clientAddress, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault {RuleId} added: {Point} -> {Action}")]
    public static partial void Added(ILogger logger, string ruleId, string point, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault {RuleId} removed")]
    public static partial void Removed(ILogger logger, string ruleId);
}
