namespace EcurepServer.Core;

/// <summary>Why the drop box said no. Protocols map the kind to a reply code and show the message.</summary>
public enum RefusalKind
{
    NotFound,
    PermissionDenied,
    InvalidPath,
    AlreadyExists,
    NotADirectory,
    NotAFile,
    TooLarge,
    Unavailable,

    /// <summary>The storage is full: the request may succeed once space is freed.</summary>
    InsufficientStorage,

    /// <summary>The principal's upload quota for the day (UTC) is used up: the upload may go on the next day.</summary>
    QuotaExceeded,

    /// <summary>The storage failed for another reason (an I/O error): nothing was delivered; the request may succeed later.</summary>
    StorageFailed,
}

public sealed record Refusal(RefusalKind Kind, string Message);

/// <summary>Either a value or a refusal; drop-box rules never throw for a client's bad request.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public Refusal? Refusal { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Refused(RefusalKind kind, string message) => new(default, new Refusal(kind, message));

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}
