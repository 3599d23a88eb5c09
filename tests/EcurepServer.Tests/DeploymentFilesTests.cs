using System.Text.RegularExpressions;

namespace EcurepServer.Tests;

/// <summary>
/// The shipped Docker and systemd files, read as their tools would (no container engine, hadolint or systemd
/// here): the image is built from what the build context holds and runs as an unprivileged user with a health check;
/// the context leaves out history, build output, state and secrets; the unit is a hardened notify service.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Root = RepositoryFiles.Root();

    [Fact]
    public void The_build_context_leaves_out_history_build_output_state_and_secrets()
    {
        var ignored = DockerIgnore();

        Assert.All([".git", "**/bin", "**/obj", "data", "certs", "logs", "config/accounts.json"], pattern => Assert.Contains(pattern, ignored));
    }

    [Fact]
    public void The_image_copies_only_files_the_context_holds_and_runs_unprivileged_with_a_health_check()
    {
        var instructions = DockerfileInstructions();
        var ignored = DockerIgnore();
        foreach (var copy in instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.Contains("--from=", StringComparison.Ordinal)))
        {
            var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in words[..^1])
            {
                var path = source.TrimEnd('/');
                Assert.True(File.Exists(Path.Combine(Root, path)) || Directory.Exists(Path.Combine(Root, path)), $"COPY {source}: not in the repository");
                Assert.DoesNotContain(ignored, pattern => pattern == path || path.StartsWith(pattern + "/", StringComparison.Ordinal));
            }
        }

        var runtime = instructions.SkipWhile(i => i.Keyword != "FROM" || !i.Arguments.Contains("aspnet", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtime);
        var user = Assert.Single(runtime, i => i.Keyword == "USER");
        Assert.DoesNotMatch("^(root|0)(:|$)", user.Arguments);
        Assert.True(runtime.IndexOf(user) < runtime.FindIndex(i => i.Keyword == "ENTRYPOINT"), "USER comes before ENTRYPOINT");
        var healthCheck = Assert.Single(runtime, i => i.Keyword == "HEALTHCHECK");
        Assert.Contains("healthcheck.sh", healthCheck.Arguments, StringComparison.Ordinal);
        Assert.Contains(runtime, i => i.Keyword == "ENV" && i.Arguments.Contains("ECUREP_PASSIVE_PORTS=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_systemd_unit_is_a_hardened_notify_service_of_its_own_user()
    {
        var settings = File.ReadAllLines(Path.Combine(Root, "deploy", "systemd", "ecurep-server.service"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToLookup(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

        Assert.Equal(["notify"], settings["Type"]);
        Assert.Equal(["ecurep"], settings["User"]);
        Assert.Equal(["ecurep-server"], settings["StateDirectory"]);
        Assert.Equal(["strict"], settings["ProtectSystem"]);
        Assert.Equal(["yes"], settings["NoNewPrivileges"]);
        Assert.Equal(["yes"], settings["PrivateTmp"]);
        Assert.Equal([""], settings["CapabilityBoundingSet"]);
        Assert.Equal(["/bin/kill -HUP $MAINPID"], settings["ExecReload"]);
        Assert.StartsWith("/opt/ecurep-server/EcurepServer --root /var/lib/ecurep-server run", Assert.Single(settings["ExecStart"]), StringComparison.Ordinal);
    }

    private static List<string> DockerIgnore() =>
        [.. File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];

    /// <summary>The Dockerfile's instructions with continuation lines joined and comments dropped.</summary>
    private static List<(string Keyword, string Arguments)> DockerfileInstructions()
    {
        var text = string.Join('\n', File.ReadAllLines(Path.Combine(Root, "docker", "Dockerfile")).Where(line => !line.TrimStart().StartsWith('#')));
        return [.. Continuation().Replace(text, " ").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => (parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : ""))];
    }

    [GeneratedRegex(@"\\\n\s*")]
    private static partial Regex Continuation();
}
