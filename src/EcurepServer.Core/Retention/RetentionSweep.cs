namespace EcurepServer.Core.Retention;

/// <summary>What one retention sweep did.</summary>
/// <param name="DeletedFiles">Delivered files deleted because their receipt is older than the retention.</param>
/// <param name="DeletedPartials">Interrupted uploads deleted because they were last written longer ago than the retention.</param>
/// <param name="MarkedGone">Expired receipts whose file was already gone; they are marked deleted too.</param>
/// <param name="LeftAlone">Expired files kept because no receipt matches them (logged once per file).</param>
/// <param name="DeletedTranscripts">Session transcripts deleted because they were last written longer ago than their retention.</param>
public sealed record RetentionSweep(int DeletedFiles, int DeletedPartials, int MarkedGone, int LeftAlone, int DeletedTranscripts = 0);
