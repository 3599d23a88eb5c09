using System.Text.Json;
using EcurepServer.Core.Catalog;

namespace EcurepServer.Core.Defender;

/// <summary>
/// The bans file, <c>&lt;DataDirectory&gt;/bans.json</c>. It is written beside its name and renamed, so a reader sees all
/// of it or nothing; the server (banning) and the <c>bans</c> verb (lifting) change it under one exclusive lock file,
/// so neither loses the other's change. The server reads it again when its stamp changes. It is where bans are kept
/// by a defender without a catalog, and what the catalog imports once from a data directory written before it.
/// </summary>
public sealed class BanFile(string path) : IBanCatalog
{
    public const string FileName = "bans.json";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public string Path { get; } = path;

    public static BanFile In(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, FileName));

    /// <summary>What tells one version of the file from another: its time and length (none: 0).</summary>
    public long Stamp()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (info.LastWriteTimeUtc.Ticks * 31) + info.Length + 1 : 0;
    }

    /// <summary>Every ban in the file; none when there is no file.</summary>
    /// <exception cref="InvalidDataException">The file is not a bans file.</exception>
    public IReadOnlyList<Ban> Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        if (bytes.Length == 0)
        {
            return [];
        }

        try
        {
            var document = JsonSerializer.Deserialize(bytes, BanJsonContext.Default.BanDocument);
            if (document?.Bans is not { } bans || bans.Exists(ban => ban?.Network is null || ClientNetworks.ParseNetwork(ban.Network) is null))
            {
                throw new InvalidDataException($"{Path} does not hold a \"bans\" list of entries with a \"network\".");
            }

            return bans;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads the file under the lock, applies <paramref name="change"/> and writes the result; returns it.</summary>
    public IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        using var held = Lock();
        var bans = change([.. Read()]);
        var temp = System.IO.Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, new BanDocument { Bans = bans }, BanJsonContext.Default.BanDocument);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return bans;
    }

    private FileStream Lock()
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process changes the bans at this moment; it holds the lock for a few milliseconds.
                Thread.Sleep(10);
            }
        }
    }
}
