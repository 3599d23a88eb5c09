namespace EcurepServer.Hosting;

/// <summary>A site service whose listeners take the certificates or host keys their provider holds now, for new connections only.</summary>
public interface IReloadsCredentials
{
    void ReloadCredentials();
}
