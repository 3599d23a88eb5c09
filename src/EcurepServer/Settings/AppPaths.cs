namespace EcurepServer.Settings;

/// <summary>Resolves the relative paths of the configuration against the root directory (--root, ECUREP_ROOT, else the current directory).</summary>
public sealed class AppPaths(string workingDirectory, EcurepServerOptions options)
{
    public string WorkingDirectory { get; } = workingDirectory;

    public string DataDirectory => Resolve(options.DataDirectory);

    public string AccountsFile => Resolve(options.AccountsFile);

    public string CertificateDirectory => Resolve(options.CertificateDirectory);

    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);
}
