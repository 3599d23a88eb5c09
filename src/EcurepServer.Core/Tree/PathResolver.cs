using System.Text;

namespace EcurepServer.Core.Tree;

/// <summary>
/// The one place where client input becomes a <see cref="VirtualPath"/>. Paths are resolved lexically:
/// ".." stops at the root, so no input can name anything outside the tree.
/// </summary>
public static class PathResolver
{
    public const int MaxPathLength = 1024;

    public const int MaxSegmentBytes = 255;

    public const int MaxSegments = 32;

    /// <summary>Resolves <paramref name="input"/> (absolute, or relative to <paramref name="current"/>); empty input means <paramref name="current"/>.</summary>
    public static Outcome<VirtualPath> Resolve(VirtualPath current, string? input)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (string.IsNullOrEmpty(input))
        {
            return Outcome<VirtualPath>.Success(current);
        }

        if (input.Length > MaxPathLength)
        {
            return Invalid($"the path is longer than {MaxPathLength} characters");
        }

        var characterProblem = CharacterProblem(input);
        if (characterProblem is not null)
        {
            return Invalid(characterProblem);
        }

        var segments = input[0] == '/' ? new List<string>() : new List<string>(current.Segments);
        foreach (var segment in input.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
            }

            var refusal = NameProblem(segment);
            if (refusal is not null)
            {
                return Invalid(refusal);
            }

            segments.Add(segment);
            if (segments.Count > MaxSegments)
            {
                return Invalid($"the path has more than {MaxSegments} parts");
            }
        }

        return Outcome<VirtualPath>.Success(VirtualPath.FromSegments(segments.ToArray()));
    }

    /// <summary>Resolves an absolute path, e.g. from configuration or tests.</summary>
    public static Outcome<VirtualPath> Parse(string input) => Resolve(VirtualPath.Root, input);

    /// <summary>Checks one file or directory name; null when it is acceptable.</summary>
    public static Refusal? CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return new Refusal(RefusalKind.InvalidPath, "Invalid path: a name must not be empty.");
        }

        var problem = CharacterProblem(name)
            ?? (name.Contains('/', StringComparison.Ordinal) ? "a name must not contain '/'" : null)
            ?? NameProblem(name);
        return problem is null ? null : new Refusal(RefusalKind.InvalidPath, $"Invalid path: {problem}.");
    }

    private static string? CharacterProblem(string input)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c == '\\')
            {
                return "backslashes are not allowed; use '/' to separate directories";
            }

            if (char.IsControl(c))
            {
                return "control characters are not allowed in names";
            }

            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "the name is not valid Unicode";
            }
        }

        return null;
    }

    private static string? NameProblem(string segment)
    {
        if (segment[0] == '.')
        {
            return $"names starting with '.' are reserved ({segment})";
        }

        if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            return $"a name is longer than {MaxSegmentBytes} bytes";
        }

        return null;
    }

    private static Refusal Invalid(string reason) => new(RefusalKind.InvalidPath, $"Invalid path: {reason}.");
}
