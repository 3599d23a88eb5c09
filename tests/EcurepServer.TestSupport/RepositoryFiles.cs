namespace EcurepServer.TestSupport;

/// <summary>The repository the tests run in: its shipped configuration and dialects are what the tests check.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository root, found by walking up from the test binaries to the solution file.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EcurepServer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("EcurepServer.sln not found above " + AppContext.BaseDirectory);
    }
}
