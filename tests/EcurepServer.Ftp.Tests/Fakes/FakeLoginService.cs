using EcurepServer.Core.Accounts;
using EcurepServer.Core.Sessions;

namespace EcurepServer.Ftp.Tests.Fakes;

/// <summary>Core's login policy reduced to a dictionary; anonymous needs some text; <see cref="BusyUser"/> finds the password checks full.</summary>
internal sealed class FakeLoginService : ILoginService
{
    public const string BusyUser = "E-BUSY000001";

    public Dictionary<string, string> Accounts { get; } = new(StringComparer.Ordinal) { ["E-ABCD12345f"] = "secret", ["E-WXYZ67890b"] = "other" };

    public List<SessionContext> Contexts { get; } = [];

    public bool IsAnonymousName(string user) =>
        user.Equals("anonymous", StringComparison.OrdinalIgnoreCase) || user.Equals("ftp", StringComparison.OrdinalIgnoreCase);

    public ValueTask<LoginResult> LoginAsync(SessionContext session, string user, string password, CancellationToken cancellationToken)
    {
        lock (Contexts)
        {
            Contexts.Add(session);
        }

        if (user == BusyUser)
        {
            return ValueTask.FromResult(LoginResult.Failed(LoginFailure.Busy));
        }

        if (IsAnonymousName(user))
        {
            return ValueTask.FromResult(!string.IsNullOrWhiteSpace(password)
                ? LoginResult.Success(new Principal("anonymous", true, password))
                : LoginResult.Failed(LoginFailure.InvalidEmail));
        }

        return ValueTask.FromResult(Accounts.TryGetValue(user, out var expected) && expected == password
            ? LoginResult.Success(new Principal(user, false))
            : LoginResult.Failed(LoginFailure.WrongCredentials));
    }

    public ValueTask<LoginResult> AuthorizeKeyAsync(SessionContext session, string user, string keyType, ReadOnlyMemory<byte> keyBlob, CancellationToken cancellationToken) =>
        ValueTask.FromResult(LoginResult.Failed(LoginFailure.WrongCredentials));
}
