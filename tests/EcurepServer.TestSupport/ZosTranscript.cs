using System.Text.RegularExpressions;

namespace EcurepServer.TestSupport;

/// <summary>
/// The replies of the ECuRep page's z/OS client session against testcase.boulder.ibm.com (the zos dialect, draft
/// RFC 4217 level), in the session's order: AUTH TLS, PBSZ 0 and PROT P before USER anonymous. The engine tests replay
/// it in process, the integration tests against the built server's Americas site.
/// </summary>
public static partial class ZosTranscript
{
    /// <summary>The greeting after its first line, whose time of day <see cref="FirstGreetingLine"/> matches.</summary>
    public static readonly IReadOnlyList<string> GreetingAfterFirstLine =
    [
        "220-Welcome to the IBM Centralized Customer Data Repository (ECuRep)",
        "220-INTERNET ADDRESS 127.0.0.1 ()",
        "220-BBefore using this service refer to the terms of use for",
        "220-Exhanging Diagnostic Data with IBM",
        "220-(see https://www.ibm.com/de/support/ecurep/service.html )!",
        "220-For FAQ/Documentation please see ECuRep - Homepage",
        "220- https://www.ibm.com/de/support/ecurep/index.html",
        "220- LOGIN user: anonymous pw: your_email_address",
        "220-please report questions to: contact@ecurep.ibm.com",
        "220 Connection will close if idle for more than 15 minutes.",
    ];

    public static readonly IReadOnlyList<string> AuthTls = ["234 Security environment established - ready for negotiation"];

    public static readonly IReadOnlyList<string> Pbsz = ["200 Protection buffer size accepted"];

    public static readonly IReadOnlyList<string> ProtPrivate = ["200 Data connection protection set to private"];

    public static readonly IReadOnlyList<string> UserAnonymous = ["331 Send email address as password please."];

    public static readonly IReadOnlyList<string> LoggedIn =
    [
        "230-Here you can deliver/get support material to/from IBM.",
        "230-Directories for:",
        "230-deliver use command 'cd toibm'",
        "230-get use command 'cd fromibm'",
        "230-for CADCAM/CATIA/VPM/ENOVIA/SMARTEAM use command 'cd cadcam'",
        "230-Please use command 'bin' prior transfer. See special instructions",
        "230-displayed when changing to the sub directory.",
        "230 'ANONYMOUS' logged on. Working directory is /.",
    ];

    public static readonly IReadOnlyList<string> TypeImage = ["200 Type set to I."];

    public static readonly IReadOnlyList<string> TransferComplete = ["226 Transfer complete."];

    public static readonly IReadOnlyList<string> Goodbye = ["221 Quit command received. Goodbye."];

    public static IReadOnlyList<string> Cwd(string directory) => [$"250 HFS directory {directory} is the current working directory."];

    public static IReadOnlyList<string> Opening(string name) => [$"150 Opening binary mode connection for {name}"];

    /// <summary>STAT after the upload, from the client port <paramref name="clientPort"/> in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Status(int clientPort, string directory) =>
    [
        $"211-Server FTP talking to host 127.0.0.1, port {clientPort}",
        $"211-User: Anonymous Working directory: {directory}",
        "211-using Mode Stream, Structure File, type Image, byte-size 8",
        "211-Inactivity timer is set to 900",
        "211-Authentication type: TLS",
        "211-Control protection level: Private",
        "211-Data protection level: Private",
        "211-TLS security is supported at the DRAFT level",
        "211 *** end of status ***",
    ];

    [GeneratedRegex(@"^220-FTPD1 IBM FTP CS V1R2 at testcase\.boulder\.ibm\.com, \d\d:\d\d:\d\d on \d{4}-\d\d-\d\d\.$")]
    public static partial Regex FirstGreetingLine();
}
