namespace EcurepServer.TestSupport;

/// <summary>The banner of the seed page's SFTP example (IBM's "ECuRep - Send data (FTP)"), its non-breaking spaces as spaces.</summary>
public static class SeedSftpBanner
{
    public static readonly IReadOnlyList<string> Lines =
    [
        "Welcome to the IBM Centralized Customer Data Repository (ECuRep).",
        "Before using this service refer to the terms of use for exchanging diagnostic",
        "data with IBM (see https://ibm.com/support/docview.wss?uid=ibm10739407)!",
        "For Documentation and FAQ please see the ECuRep homepage",
        "https://ibm.com/support/docview.wss?uid=ibm10739631",
        "   LOGIN",
        "     user     : [transferid]",
        "     password: [password_of_transferid]",
        "    - or -",
        "     user     : [anonymous]",
        "     password: [your_email_address]",
        "Please report questions to: contact@ecurep.ibm.com",
        "Connection closed after 15 minutes idle",
    ];
}
