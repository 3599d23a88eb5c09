namespace EcurepServer.Settings;

/// <summary>A site's choice on session transcripts ("EcurepServer:Sites:&lt;Name&gt;:Transcripts"); unset follows <c>Transcripts:Enabled</c>.</summary>
public sealed class SiteTranscriptOptions
{
    public bool? Enabled { get; set; }
}
