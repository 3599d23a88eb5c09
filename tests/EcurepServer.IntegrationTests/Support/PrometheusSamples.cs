using System.Text.Json;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>A /metrics answer parsed by prometheus_client's parser (Clients/prometheus_parse.py), which fails on malformed text.</summary>
public sealed class PrometheusSamples(IReadOnlyList<PrometheusSample> samples)
{
    public IReadOnlyList<PrometheusSample> All { get; } = samples;

    public static async Task<PrometheusSamples> ParseAsync(string text)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Clients", "prometheus_parse.py");
        var result = await ExternalProcess.RunAsync("/usr/bin/python3", [script], AppContext.BaseDirectory, input: text);
        Assert.True(result.ExitCode == 0, "prometheus_client could not parse /metrics:\n" + result + "\n" + text);
        return new PrometheusSamples([.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(PrometheusSample.Parse)]);
    }

    /// <summary>The sum of the samples of this name whose labels include every given one.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        All.Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Key, out var value) && value == label.Value))
            .Sum(sample => sample.Value);

    public bool Has(string name) => All.Any(sample => sample.Name == name);
}

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Type)
{
    public static PrometheusSample Parse(string line)
    {
        var json = JsonDocument.Parse(line).RootElement;
        return new PrometheusSample(
            json.GetProperty("name").GetString()!,
            json.GetProperty("labels").EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString()!),
            json.GetProperty("value").GetDouble(),
            json.GetProperty("type").GetString()!);
    }
}
