namespace EcurepServer.Settings;

/// <summary>Resolves the relative paths of the configuration against the root directory (--root, ECUREP_ROOT, else the current directory).</summary>
public sealed class AppPaths(string workingDirectory, EcurepServerOptions options)
{
    public string WorkingDirectory { get; } = workingDirectory;

    public string DataDirectory => Resolve(options.DataDirectory);

    public string AccountsFile => Resolve(options.AccountsFile);

    public string CertificateDirectory => Resolve(options.CertificateDirectory);

    /// <summary>The ready file's full path; empty when none is configured.</summary>
    public string ReadyFile => Resolve(options.ReadyFile);

    /// <summary>The path made absolute; an empty one stays empty, so validation reports the missing key rather than using the root.</summary>
    public string Resolve(string path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, WorkingDirectory);
}
