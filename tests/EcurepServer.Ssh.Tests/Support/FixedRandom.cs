using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Tests.Support;

/// <summary>A <see cref="SecureRandom"/> that hands out the given bytes in order, for known-answer tests.</summary>
internal sealed class FixedRandom(params byte[][] values) : SecureRandom
{
    private readonly byte[] _bytes = [.. values.SelectMany(value => value)];
    private int _taken;

    public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

    public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

    public override void NextBytes(Span<byte> buffer)
    {
        _bytes.AsSpan(_taken, buffer.Length).CopyTo(buffer);
        _taken += buffer.Length;
    }
}
