using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>The server half of one key agreement: takes the client's public value, answers with its own, yields the shared secret.</summary>
internal abstract class KeyExchangeMethod
{
    public abstract HashAlgorithmName Hash { get; }

    /// <summary>
    /// Answers the body of the client's init message (after its message number). Throws
    /// <see cref="Protocol.SshProtocolException"/> when the client's value is invalid.
    /// </summary>
    public abstract KeyAgreement Respond(ReadOnlySpan<byte> clientMessageBody);
}

/// <param name="ClientValue">The client's public value as it enters the exchange hash (a <c>string</c> or an <c>mpint</c>, with its length).</param>
/// <param name="ServerValue">The server's public value in the same encoding, also sent in the reply.</param>
/// <param name="SharedSecret">
/// K encoded as it enters the exchange hash and the key derivation: an <c>mpint</c> for the (EC)DH methods, a
/// <c>string</c> for the hybrid KEMs.
/// </param>
internal sealed record KeyAgreement(byte[] ClientValue, byte[] ServerValue, byte[] SharedSecret);
