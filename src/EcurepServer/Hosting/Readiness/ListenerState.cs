using System.Net;

namespace EcurepServer.Hosting.Readiness;

/// <summary>One enabled listener of a site ("ftps", "ftp" for the legacy plain one, "sftp"): where it listens, once started, and whether it accepts.</summary>
public sealed record ListenerState(string Site, string Protocol, IPEndPoint? EndPoint, bool IsAccepting);
