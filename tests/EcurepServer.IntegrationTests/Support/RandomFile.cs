using System.Security.Cryptography;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>A file of random bytes and its SHA-256, made once per test class (xunit class fixture) and deleted after it.</summary>
public sealed class RandomFile : IDisposable
{
    public const long Size = 50L * 1024 * 1024;

    public RandomFile()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ecurep-it-source-").FullName;
        FilePath = System.IO.Path.Combine(Directory, "source.bin");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = File.Create(FilePath))
        {
            var chunk = new byte[1024 * 1024];
            for (long written = 0; written < Size; written += chunk.Length)
            {
                RandomNumberGenerator.Fill(chunk);
                file.Write(chunk);
                hash.AppendData(chunk);
            }
        }

        Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public string Directory { get; }

    public string FilePath { get; }

    public string Sha256 { get; }

    public static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
