using System.Reflection;
using EcurepServer.Core.Tree;

namespace EcurepServer.Ftp.Tests.Fakes;

/// <summary>
/// Builds VirtualPath values for the fakes. Only Core's resolver may create them in production (the factory
/// is internal), so the fake reaches it by reflection rather than widening Core's contract.
/// </summary>
internal static class Paths
{
    private static readonly MethodInfo FromSegments =
        typeof(VirtualPath).GetMethod("FromSegments", BindingFlags.NonPublic | BindingFlags.Static)!;

    public static VirtualPath Of(string absolute)
    {
        var segments = absolute.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 ? VirtualPath.Root : (VirtualPath)FromSegments.Invoke(null, [segments])!;
    }

    /// <summary>Resolves client input like a shell: absolute or relative, "." and ".." (never above the root).</summary>
    public static VirtualPath? Resolve(VirtualPath current, string input)
    {
        var stack = input.StartsWith('/') ? new List<string>() : [.. current.Segments];
        foreach (var part in input.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                continue;
            }

            if (part.Any(char.IsControl) || part.Contains('\\', StringComparison.Ordinal))
            {
                return null;
            }

            stack.Add(part);
        }

        return Of("/" + string.Join('/', stack));
    }
}
