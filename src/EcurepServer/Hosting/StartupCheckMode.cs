namespace EcurepServer.Hosting;

public enum StartupCheckMode
{
    /// <summary>A start: logging as configured; the self-signed certificate and the SSH host keys are created when missing.</summary>
    Start,

    /// <summary>
    /// "config check": no log output, nothing written; only the certificate files present are read (the SSH host keys,
    /// which a start generates when missing, are not); each listener's port is bound once without listening.
    /// </summary>
    CheckOnly,
}
