using System.Reflection;
using System.Text;

namespace EcurepServer.Ftp;

/// <summary>
/// Every text the server sends on the control channel (reply codes are fixed by the RFCs, texts are data).
/// Defaults reproduce the ECuRep AIX transcript. Placeholders in braces ({user}, {file}, ...) are filled in
/// by the handlers; a dialect file can override any property by its name. Texts marked
/// <see cref="OptionalLineAttribute"/> may be empty, which leaves their line out of the reply.
/// </summary>
public sealed class FtpReplyTexts
{
    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(FtpReplyTexts).GetProperties()
        .Where(p => p.PropertyType == typeof(string))
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private const int MaxTextBytes = 512;

    /// <summary>The name of every text, as dialect files spell their keys.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. Properties.Values.Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>Placeholder: {mechanism} (TLS, TLS-C, SSL or TLS-P, upper-cased).</summary>
    public string AuthSucceeded { get; set; } = "AUTH {mechanism} successful";

    public string AuthAlreadyDone { get; set; } = "AUTH already done on this connection";

    public string AuthMechanismUnknown { get; set; } = "AUTH {mechanism} not supported";

    public string AuthUnavailable { get; set; } = "TLS not available";

    public string AuthHandshakeFailed { get; set; } = "TLS handshake failed";

    public string PbszAccepted { get; set; } = "PBSZ=0";

    public string PbszWithoutAuth { get; set; } = "PBSZ not allowed before AUTH";

    public string PbszMalformed { get; set; } = "PBSZ requires a decimal number";

    public string ProtClear { get; set; } = "Protection level set to Clear";

    public string ProtPrivate { get; set; } = "Protection level set to Private";

    public string ProtWithoutPbsz { get; set; } = "PROT not allowed before PBSZ";

    public string ProtUnsupported { get; set; } = "PROT {level} unsupported";

    public string ProtUnknown { get; set; } = "PROT {level} not recognized";

    public string CccAccepted { get; set; } = "CCC command successful; the control connection is now clear";

    public string CccWithoutTls { get; set; } = "CCC refused: the control connection is not protected";

    public string CccRefused { get; set; } = "CCC refused: this site keeps the control connection protected";

    public string CccUnavailableAtDraftLevel { get; set; } = "CCC not supported at the DRAFT level";

    /// <summary>Placeholder: {verb} (AUTH, PBSZ or PROT).</summary>
    public string SecurityCommandAfterCcc { get; set; } = "{verb} not allowed after CCC";

    public string TlsRequired { get; set; } = "Secure connection required: send AUTH TLS first";

    public string UserBeforeAuth { get; set; } = "Please login with USER and PASS after AUTH TLS";

    public string PasswordRequired { get; set; } = "Password required for {user}";

    public string AnonymousPasswordRequired { get; set; } = "Send email address as password please.";

    /// <summary>Placeholder: {directory}.</summary>
    [OptionalLine]
    public string LoginWorkingDirectory { get; set; } = "Working directory is \"{directory}\".";

    /// <summary>Placeholders: {user}, {userUpper}.</summary>
    [OptionalLine]
    public string LoginLoggedInAs { get; set; } = "You are logged in as {user}";

    /// <summary>Placeholders: {user}, {userUpper}, {directory}.</summary>
    public string LoginSucceeded { get; set; } = "User {user} logged in";

    public string LoginIncorrect { get; set; } = "Login incorrect.";

    public string TooManyFailedLogins { get; set; } = "Too many failed logins; closing control connection.";

    public string LoginBusy { get; set; } = "Too many logins in progress; try again later.";

    public string PassWithoutUser { get; set; } = "Login with USER first.";

    public string AlreadyLoggedIn { get; set; } = "Already logged in.";

    public string NotLoggedIn { get; set; } = "Please login with USER and PASS";

    public string CommandUnknown { get; set; } = "'{verb}': command not understood";

    public string CommandNotImplemented { get; set; } = "'{verb}': command not implemented";

    public string SyntaxError { get; set; } = "'{verb}': syntax error in arguments";

    public string CommandLineTooLong { get; set; } = "Command line too long";

    public string TooManyLongLines { get; set; } = "Too many oversized command lines; closing control connection.";

    public string CommandLineMalformed { get; set; } = "Command line must not contain control characters";

    public string TransferInProgress { get; set; } = "A transfer is in progress; wait for it to end or send ABOR";

    public string FeaturesHeader { get; set; } = "Features:";

    public string FeaturesEnd { get; set; } = "End";

    public string Utf8Enabled { get; set; } = "UTF8 mode is always on";

    public string Utf8Disabled { get; set; } = "UTF8 mode off: command lines that are not UTF-8 are read as Latin-1";

    public string MlstOptions { get; set; } = "MLST OPTS {facts}";

    public string OptionUnknown { get; set; } = "OPTS {option} not understood";

    public string SystemType { get; set; } = "UNIX Type: L8";

    public string NoopOk { get; set; } = "NOOP command successful";

    public string HelpHeader { get; set; } = "The following commands are recognized:";

    public string HelpEnd { get; set; } = "HELP command successful";

    public string Goodbye { get; set; } = "Goodbye.";

    /// <summary>Placeholder: {directory} (the new working directory).</summary>
    public string CwdSucceeded { get; set; } = "CWD command successful";

    public string CurrentDirectory { get; set; } = "\"{directory}\" is the current directory";

    public string TypeImage { get; set; } = "Representation type is Image";

    public string TypeAscii { get; set; } = "Representation type is Ascii";

    public string TypeUnsupported { get; set; } = "TYPE {type} not implemented";

    public string ModeStream { get; set; } = "Mode set to S";

    public string ModeUnsupported { get; set; } = "MODE {mode} not implemented";

    public string StructureFile { get; set; } = "Structure set to F";

    public string StructureUnsupported { get; set; } = "STRU {structure} not implemented";

    public string AllocateIgnored { get; set; } = "ALLO command ignored";

    public string AsciiUploadRefused { get; set; } = "Uploads must be made in binary mode (TYPE I); ASCII transfers would alter the file";

    public string PermissionDenied { get; set; } = "Permission denied";

    public string EnteringPassiveMode { get; set; } = "Entering Passive Mode ({address}).";

    public string EnteringExtendedPassiveMode { get; set; } = "Entering Extended Passive Mode (|||{port}|)";

    public string PassiveNeedsIpv4 { get; set; } = "PASV needs an IPv4 connection; use EPSV";

    public string EpsvAllAccepted { get; set; } = "EPSV ALL command successful";

    public string RefusedAfterEpsvAll { get; set; } = "{verb} not allowed after EPSV ALL";

    /// <summary>Placeholder: {protocols} (the RFC 2428 protocol numbers this connection supports, e.g. "1").</summary>
    public string NetworkProtocolUnsupported { get; set; } = "Network protocol not supported, use ({protocols})";

    public string PortAccepted { get; set; } = "PORT command successful";

    public string PortForeignAddress { get; set; } = "PORT to a foreign address is not allowed";

    public string PortPrivileged { get; set; } = "PORT to a port below 1024 is not allowed";

    public string NoPassivePort { get; set; } = "No passive port available; try again later";

    public string PassivePortLimit { get; set; } = "Too many passive ports open from your address; finish or quit other sessions first";

    /// <summary>Placeholder: {seconds} (the data connection accept timeout).</summary>
    public string PassivePortExpired { get; set; } = "Passive port closed: no transfer command within {seconds} seconds; send PASV or EPSV again";

    public string UseDataCommandFirst { get; set; } = "Use PORT, PASV, EPRT or EPSV first";

    public string DataConnectionFailed { get; set; } = "Can't open data connection.";

    public string OpeningBinaryDataConnection { get; set; } = "Opening BINARY mode data connection for {file}";

    public string OpeningAsciiDataConnection { get; set; } = "Opening ASCII mode data connection for {file}";

    public string OpeningListConnection { get; set; } = "Opening ASCII mode data connection for file list";

    public string OpeningUniqueFile { get; set; } = "FILE: {file}";

    public string TransferComplete { get; set; } = "Transfer complete";

    public string UniqueTransferComplete { get; set; } = "Transfer complete; stored as {file}";

    public string TransferAborted { get; set; } = "Connection closed; transfer aborted";

    public string TransferStalled { get; set; } = "Data connection stalled; transfer aborted";

    public string AbortSucceeded { get; set; } = "ABOR command successful";

    public string DataTlsFailed { get; set; } = "TLS negotiation failed on the data connection";

    public string DataTlsSessionNotReused { get; set; } = "Data connection refused: it must resume the TLS session of the control connection";

    public string ProtectedDataRequired { get; set; } = "Data connection must be protected: send PBSZ 0 and PROT P";

    public string AnonymousProtectedDataRequired { get; set; } = "Anonymous transfers need a protected data connection: send PBSZ 0 and PROT P";

    public string RestartAccepted { get; set; } = "Restarting at {offset}. Send STORE or RETRIEVE to initiate transfer";

    [OptionalLine]
    public string StatusHeader { get; set; } = "{site} FTP server status:";

    /// <summary>Placeholders: {address}, {port} (the client's).</summary>
    public string StatusConnectedTo { get; set; } = "Connected to {address}";

    /// <summary>Placeholders: {user}, {directory}.</summary>
    public string StatusLoggedIn { get; set; } = "Logged in as {user}";

    public string StatusNotLoggedIn { get; set; } = "Not logged in";

    /// <summary>The {user} of <see cref="StatusLoggedIn"/> for anonymous users (the z/OS STAT shows "User: Anonymous").</summary>
    public string StatusAnonymousUser { get; set; } = "Anonymous";

    public string StatusType { get; set; } = "TYPE: {type}; STRUcture: File; MODE: Stream";

    public string StatusAuthentication { get; set; } = "Authentication type: {auth}";

    public string StatusControlProtection { get; set; } = "Control protection level: {level}";

    public string StatusDataProtection { get; set; } = "Data protection level: {level}";

    /// <summary>Placeholder: {level} (RFC4217 or DRAFT, as z/OS names them).</summary>
    public string StatusTlsLevel { get; set; } = "TLS security is supported at the {level} level";

    [OptionalLine]
    public string StatusInactivity { get; set; } = "Inactivity timer is set to {seconds}";

    public string StatusTransfer { get; set; } = "Transfer in progress: {bytes} bytes";

    public string StatusEnd { get; set; } = "End of status";

    public string ListingHeader { get; set; } = "Listing {path}";

    public string ListingEnd { get; set; } = "End";

    public string IdleTimeout { get; set; } = "Timeout ({seconds} seconds): closing control connection.";

    /// <summary>Placeholder: {seconds} (the login grace time).</summary>
    public string LoginGraceExpired { get; set; } = "Login timeout ({seconds} seconds): closing control connection.";

    public string ShuttingDown { get; set; } = "Service not available, server shutting down";

    public string TooManySessions { get; set; } = "Too many connections; try again later";

    public string TooManyStartups { get; set; } = "Too many connections waiting to log in; try again later";

    public string AddressBanned { get; set; } = "Service not available: too many failed logins or errors from your address; try again later";

    public string ProxyHeaderRefused { get; set; } = "Service not available: a PROXY protocol header is accepted only from a configured load balancer";

    /// <summary>Fills "{name}" placeholders; unknown placeholders stay as they are.</summary>
    internal static string Format(string template, string name, string value) =>
        template.Replace("{" + name + "}", value, StringComparison.Ordinal);

    internal static string Format(string template, string name1, string value1, string name2, string value2) =>
        Format(Format(template, name1, value1), name2, value2);

    /// <summary>Whether an empty value is allowed for the named text (it leaves the line out).</summary>
    public static bool IsOptionalLine(string name) =>
        Properties.TryGetValue(name, out var property) && property.IsDefined(typeof(OptionalLineAttribute), inherit: false);

    /// <summary>Sets the named text; false when no text has that name (names are matched ignoring case).</summary>
    public bool TrySet(string name, string text)
    {
        if (!Properties.TryGetValue(name, out var property))
        {
            return false;
        }

        property.SetValue(this, text);
        return true;
    }

    internal static string Fill(string template, params ReadOnlySpan<(string Name, string Value)> values)
    {
        foreach (var (name, value) in values)
        {
            template = Format(template, name, value);
        }

        return template;
    }

    /// <summary>The engine's texts with those <paramref name="texts"/> names in their place (names matched ignoring case).</summary>
    public static FtpReplyTexts With(IEnumerable<KeyValuePair<string, string>> texts)
    {
        var replies = new FtpReplyTexts();
        foreach (var (name, text) in texts)
        {
            replies.TrySet(name, text);
        }

        return replies;
    }

    /// <summary>Why <paramref name="text"/> cannot be the text named <paramref name="name"/>; null when it can.</summary>
    internal static string? Problem(string name, string? text)
    {
        if (!Properties.TryGetValue(name, out var property))
        {
            return "not a reply text (the names are the keys of the dialect files' Replies)";
        }

        text ??= "";
        if (text.Length == 0 && !property.IsDefined(typeof(OptionalLineAttribute), inherit: false))
        {
            return "must not be empty";
        }

        if (text.Any(char.IsControl))
        {
            return "must be one line without control characters";
        }

        return Encoding.UTF8.GetByteCount(text) > MaxTextBytes ? $"must be at most {MaxTextBytes} bytes" : null;
    }
}
