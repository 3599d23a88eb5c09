namespace EcurepServer.Ftp;

/// <summary>Marks a reply text that may be empty: the line is then left out of its multi-line reply.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionalLineAttribute : Attribute
{
}
