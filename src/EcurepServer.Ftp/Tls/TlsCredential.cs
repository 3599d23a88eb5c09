using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Ftp.Tls;

/// <summary>
/// One server certificate, the TLS settings of the control and data connections that present it, and whether a
/// client's ClientHello can take it (by the TLS 1.2 suites and the signature schemes and curves it offers).
/// </summary>
internal sealed class TlsCredential
{
    private const ushort Tls13Version = 0x0304;

    // TLS 1.2 suites that sign with the certificate's key, by its kind (IANA values).
    private static readonly ushort[] EcdsaSuites = [0xC02B, 0xC02C, 0xCCA9];
    private static readonly ushort[] RsaSuites = [0xC02F, 0xC030, 0xCCA8];

    // Signature schemes (RFC 8446 4.2.3): RSA PKCS#1 and PSS with SHA-256/384/512 for RSA keys; for TLS 1.3 only PSS.
    private static readonly ushort[] RsaSchemes = [0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806];
    private static readonly ushort[] RsaTls13Schemes = [0x0804, 0x0805, 0x0806];

    private readonly ushort _curve;

    public TlsCredential(X509Certificate2 certificate, bool requireSessionReuse)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The FTPS server certificate has no private key.", nameof(certificate));
        }

        Certificate = certificate;
        RequireSessionReuse = requireSessionReuse;
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                KeyKind = CertificateKeyKind.Ecdsa;
                _curve = NamedGroup(ecdsa.ExportParameters(false).Curve);
            }
            else
            {
                using var rsa = certificate.GetRSAPublicKey();
                KeyKind = rsa is null ? CertificateKeyKind.Other : CertificateKeyKind.Rsa;
            }
        }

        var context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        Control = TlsPolicy.ForControl(context, resumable: requireSessionReuse);
        Data = TlsPolicy.ForDataChannel(Control);
    }

    public X509Certificate2 Certificate { get; }

    public CertificateKeyKind KeyKind { get; }

    /// <summary>Data connections must resume their control connection's TLS session (and the control channel is TLS 1.2).</summary>
    public bool RequireSessionReuse { get; }

    public SslServerAuthenticationOptions Control { get; }

    public SslServerAuthenticationOptions Data { get; }

    /// <summary>Whether a client that sent <paramref name="hello"/> can accept this certificate.</summary>
    public bool Suits(ClientHello hello)
    {
        var tls13 = Control.EnabledSslProtocols.HasFlag(SslProtocols.Tls13)
            && hello.SupportedVersions?.Contains(Tls13Version) == true;
        return KeyKind switch
        {
            CertificateKeyKind.Ecdsa => SuitsEcdsa(hello, tls13),
            CertificateKeyKind.Rsa => SuitsRsa(hello, tls13),
            _ => true,
        };
    }

    private bool SuitsEcdsa(ClientHello hello, bool tls13)
    {
        // TLS 1.3 names the curve in the scheme; TLS 1.2 takes any hash with ECDSA, on a curve the client supports.
        var tls13Scheme = _curve switch
        {
            23 => (ushort)0x0403,
            24 => (ushort)0x0503,
            25 => (ushort)0x0603,
            _ => (ushort)0,
        };
        if (tls13 && hello.SignatureSchemes?.Contains(tls13Scheme) == true)
        {
            return true;
        }

        return hello.CipherSuites.Any(EcdsaSuites.Contains)
            && (hello.SignatureSchemes is null || hello.SignatureSchemes.Any(scheme => (scheme & 0xFF) == 3 && scheme >> 8 is >= 4 and <= 6))
            && (hello.SupportedGroups is null || hello.SupportedGroups.Contains(_curve));
    }

    private static bool SuitsRsa(ClientHello hello, bool tls13)
    {
        if (tls13 && hello.SignatureSchemes?.Any(RsaTls13Schemes.Contains) == true)
        {
            return true;
        }

        return hello.CipherSuites.Any(RsaSuites.Contains)
            && (hello.SignatureSchemes is null || hello.SignatureSchemes.Any(RsaSchemes.Contains));
    }

    /// <summary>The TLS named group (RFC 8422) of the certificate's curve; 0 when it is none of the NIST curves.</summary>
    private static ushort NamedGroup(ECCurve curve) => curve.Oid?.Value switch
    {
        "1.2.840.10045.3.1.7" => 23,
        "1.3.132.0.34" => 24,
        "1.3.132.0.35" => 25,
        _ => 0,
    };
}
