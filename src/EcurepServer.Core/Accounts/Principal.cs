namespace EcurepServer.Core.Accounts;

/// <summary>An authenticated user: a Transfer ID, or anonymous with the e-mail address given as password.</summary>
public sealed record Principal(string Name, bool IsAnonymous, string? AnonymousEmail = null);
