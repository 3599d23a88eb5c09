// What .NET's own primitives cost per GiB on this machine, single-threaded: AES-128-GCM decryption of 16 KiB records
// (a TLS record's size) and of 32 KiB packets (an OpenSSH SFTP WRITE's), and SHA-256 through IncrementalHash fed in
// 16 KiB and 256 KiB pieces. Each figure is the median of five passes over 1 GiB, as CPU seconds per GiB.
//   dotnet run bench/floor/CryptoFloor.cs
#:property TargetFramework=net10.0
#:property PublishAot=false
using System.Diagnostics;
using System.Security.Cryptography;

const long Gib = 1L << 30;
var key = RandomNumberGenerator.GetBytes(16);

Report("AES-128-GCM decrypt, 16 KiB records", AesGcmDecrypt(16 * 1024));
Report("AES-128-GCM decrypt, 32 KiB packets", AesGcmDecrypt(32 * 1024));
Report("SHA-256 IncrementalHash, 16 KiB pieces", Sha256(16 * 1024));
Report("SHA-256 IncrementalHash, 256 KiB pieces", Sha256(256 * 1024));

Func<double> AesGcmDecrypt(int size) => () =>
{
    using var aes = new AesGcm(key, 16);
    var nonce = new byte[12];
    var plain = RandomNumberGenerator.GetBytes(size);
    var cipher = new byte[size];
    var tag = new byte[16];
    aes.Encrypt(nonce, plain, cipher, tag);
    return Measure(() =>
    {
        for (long done = 0; done < Gib; done += size)
        {
            aes.Decrypt(nonce, cipher, tag, plain);
        }
    });
};

Func<double> Sha256(int size) => () =>
{
    var piece = RandomNumberGenerator.GetBytes(size);
    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    var digest = new byte[32];
    return Measure(() =>
    {
        for (long done = 0; done < Gib; done += size)
        {
            hash.AppendData(piece);
        }
        hash.GetHashAndReset(digest);
    });
};

static double Measure(Action pass)
{
    pass();
    var seconds = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        pass();
        seconds.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
    }
    seconds.Sort();
    return seconds[2];
}

static void Report(string what, Func<double> measure) =>
    Console.WriteLine($"{what,-42} {measure(),6:F3} s/GiB");
