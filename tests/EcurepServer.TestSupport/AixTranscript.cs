namespace EcurepServer.TestSupport;

/// <summary>
/// The replies of the ECuRep page's AIX <c>ftp -s</c> session against ftps.ecurep.ibm.com (the ecurep dialect, full
/// RFC 4217 level), in the session's order: the engine tests replay it in process, the integration tests against the
/// built server.
/// </summary>
public static class AixTranscript
{
    public static readonly IReadOnlyList<string> Greeting =
    [
        "220-Welcome to the IBM Enhanced Customer Data Repository (ECuRep)",
        "220-",
        "220-Before using this service refer to the terms of use for exchanging diagnostic",
        "220-data with IBM (see https://ibm.com/support/docview.wss?uid=ibm10739407)!",
        "220-",
        "220-For Documentation and FAQ please see the ECuRep homepage",
        "220-https://ibm.com/support/docview.wss?uid=ibm10739631",
        "220-",
        "220-   LOGIN",
        "220-     user     : [transfer id]",
        "220-     password: [password_of_transferid]",
        "220-",
        "220-Please report questions to: contact@ecurep.ibm.com",
        "220-Connection closed after 15 minutes idle",
        "220 FTPS server ftps.ecurep.ibm.com ready",
    ];

    public static readonly IReadOnlyList<string> AuthTls = ["234 AUTH TLS successful"];

    public static readonly IReadOnlyList<string> CwdToibm = ["250-Please read toibm/0-README.txt for information.", "250 CWD command successful"];

    public static readonly IReadOnlyList<string> CwdProduct = ["250 CWD command successful"];

    public static readonly IReadOnlyList<string> TypeImage = ["200 Representation type is Image"];

    public static readonly IReadOnlyList<string> TransferComplete = ["226 Transfer complete"];

    public static readonly IReadOnlyList<string> Goodbye = ["221 Goodbye."];

    public static IReadOnlyList<string> User(string transferId) => [$"331 Password required for {transferId}"];

    public static IReadOnlyList<string> LoggedIn(string transferId) =>
    [
        "230-Here you can deliver/get support material to/from IBM.",
        "230-Directories for:",
        "230- deliver  use command 'cd toibm'",
        "230- get      use command 'cd fromibm'",
        "230-Please use command 'bin' prior transfer. See special instructions",
        "230-displayed when changing to the sub directory.",
        "230-Working directory is \"/\".",
        $"230-You are logged in as {transferId}",
        $"230 User {transferId} logged in",
    ];

    public static IReadOnlyList<string> Opening(string name) => [$"150 Opening BINARY mode data connection for {name}"];
}
