namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// The default FTPS certificate and SSH host keys the first server of the run generated, kept in memory and written
/// into each later test server's certs/ before it starts: generating an RSA 3072 key at every start took up to 20 s
/// on the loaded test machine, which the ready wait ran out on. Only files a server generated itself are kept.
/// </summary>
internal static class SharedServerCertificates
{
    private static readonly string[] Names =
    [
        "ftps.crt", "ftps.key",
        "ssh_host_ed25519_key", "ssh_host_ed25519_key.pub",
        "ssh_host_ecdsa_key", "ssh_host_ecdsa_key.pub",
        "ssh_host_rsa_key", "ssh_host_rsa_key.pub",
    ];

    private static readonly Lock Lock = new();
    private static IReadOnlyList<(string Name, byte[] Content, UnixFileMode Mode)>? _kept;

    /// <summary>Writes the kept files into <paramref name="certificateDirectory"/>; false when none are kept yet.</summary>
    public static bool CopyTo(string certificateDirectory)
    {
        IReadOnlyList<(string Name, byte[] Content, UnixFileMode Mode)>? kept;
        lock (Lock)
        {
            kept = _kept;
        }

        if (kept is null || OperatingSystem.IsWindows())
        {
            return false;
        }

        Directory.CreateDirectory(certificateDirectory);
        foreach (var (name, content, mode) in kept)
        {
            var path = Path.Combine(certificateDirectory, name);
            File.WriteAllBytes(path, content);
            File.SetUnixFileMode(path, mode);
        }

        return true;
    }

    /// <summary>Keeps the files a server generated into <paramref name="certificateDirectory"/>, when it made all of them.</summary>
    public static void KeepFrom(string certificateDirectory)
    {
        var paths = Names.Select(name => Path.Combine(certificateDirectory, name)).ToList();
        if (!paths.All(File.Exists) || OperatingSystem.IsWindows())
        {
            return;
        }

        var kept = new List<(string Name, byte[] Content, UnixFileMode Mode)>();
        foreach (var path in paths)
        {
            kept.Add((Path.GetFileName(path), File.ReadAllBytes(path), File.GetUnixFileMode(path)));
        }

        lock (Lock)
        {
            _kept ??= kept;
        }
    }
}
