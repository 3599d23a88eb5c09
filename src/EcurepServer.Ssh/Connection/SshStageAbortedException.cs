namespace EcurepServer.Ssh.Connection;

/// <summary>The host's stage hook ended the connection; it unwinds as a lost connection does.</summary>
internal sealed class SshStageAbortedException(SshStage stage, SshAbort how)
    : IOException($"ended by the host at {stage} ({how})");
