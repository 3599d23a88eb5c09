namespace EcurepServer.Tests.Support;

/// <summary>
/// Tests that set process environment variables, which every configuration built meanwhile by another test would read
/// (a site added there makes that test's host invalid): they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
