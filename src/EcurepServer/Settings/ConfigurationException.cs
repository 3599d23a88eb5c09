namespace EcurepServer.Settings;

/// <summary>
/// The configuration cannot be used: each problem is one line that names the key or file and what is expected, so it
/// is shown as it is, without a stack trace.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<string> problems, Exception? innerException = null)
        : base(string.Join(Environment.NewLine, problems), innerException) => Problems = problems;

    public ConfigurationException(string problem, Exception? innerException = null)
        : this([problem], innerException)
    {
    }

    public IReadOnlyList<string> Problems { get; }
}
