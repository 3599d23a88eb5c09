using EcurepServer.Ssh;

namespace EcurepServer.Settings;

/// <summary>
/// The SSH (SFTP) listener of a site ("EcurepServer:Sites:&lt;Name&gt;:Ssh"): the SSH engine's own options, bound onto
/// directly, and whether the host starts it. The site's dialect gives the banner and the authentication methods unless
/// the site sets them. The SFTP subsystem's limits are another layer's, under "EcurepServer:Sftp".
/// </summary>
public sealed class SshListenerOptions : SshServerOptions
{
    public bool Enabled { get; set; } = true;
}
