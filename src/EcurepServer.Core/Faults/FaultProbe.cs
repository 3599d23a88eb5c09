using System.Net;

namespace EcurepServer.Core.Faults;

/// <summary>
/// A point a session has reached, as an engine asks about it: where, who (the account once known, at
/// <c>login</c> the name tried), which actions the engine can carry out there, and the session's transcript, which
/// gets a <see cref="Transcripts.Events.FaultEvent"/> when a rule fires.
/// </summary>
public readonly record struct FaultProbe(
    string Site,
    string Protocol,
    string? Account,
    IPAddress Client,
    string Point,
    FaultActionKind Supported,
    Transcripts.SessionTranscript? Transcript = null);
