using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Hosting;

/// <summary>The lines every site listener writes, in one wording (tests and operators read "listening on").</summary>
internal static partial class SiteListenerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Site {Site} {Protocol} listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string site, string protocol, string endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {Site} {Protocol} stopping; running transfers may take up to {GracePeriod} to finish")]
    public static partial void Stopping(ILogger logger, string site, string protocol, TimeSpan gracePeriod);

    public static IDisposable? BeginScope(ILogger logger, string site, string protocol) =>
        logger.BeginScope(new Dictionary<string, object> { ["Site"] = site, ["Protocol"] = protocol });

    /// <summary>A bind failure named by its configuration key, so the operator knows what to change.</summary>
    public static InvalidOperationException CannotListen(string site, string section, IPAddress bindAddress, int port, Exception exception) =>
        new($"{Settings.EcurepServerOptions.SectionName}:Sites:{site}:{section}:Port: cannot listen on {bindAddress} port {port}: {exception.Message}", exception);
}
