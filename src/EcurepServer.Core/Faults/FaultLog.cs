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

    [LoggerMessage(Level = LogLevel.Error, Message = "The catalog's fault rules cannot be read or counted; the rules known before stay in force")]
    public static partial void CatalogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault {RuleId} in the catalog cannot be read ({Problem}); it does not fire on this node")]
    public static partial void Unreadable(ILogger logger, string ruleId, string problem);
}
