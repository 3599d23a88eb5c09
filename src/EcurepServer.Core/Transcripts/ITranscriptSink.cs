namespace EcurepServer.Core.Transcripts;

/// <summary>Where the front doors put what each session said and was told.</summary>
public interface ITranscriptSink
{
    /// <summary>The transcript of a new session (its id made by <see cref="SessionIds"/>). Writing to it never blocks and never throws.</summary>
    SessionTranscript Open(string sessionId);
}
