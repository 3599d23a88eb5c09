namespace EcurepServer.Core.Tree;

/// <summary>The fixed names of the virtual tree.</summary>
public static class TreeNames
{
    public const string ToIbm = "toibm";

    public const string FromIbm = "fromibm";

    public const string Readme = "0-README.txt";
}
