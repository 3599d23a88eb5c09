namespace EcurepServer.Certificates;

/// <summary>The key of a generated certificate: RSA 3072 (as IBM's servers present; every TLS client takes it) or ECDSA P-256.</summary>
public enum GeneratedKey
{
    Rsa3072,
    EcdsaP256,
}
