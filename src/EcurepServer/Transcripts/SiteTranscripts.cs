using EcurepServer.Core.Configuration;
using EcurepServer.Core.Transcripts;
using EcurepServer.Settings;
using EcurepServer.Ssh;
using Microsoft.Extensions.Options;

namespace EcurepServer.Transcripts;

/// <summary>Which sites keep session transcripts (<c>Sites:&lt;Name&gt;:Transcripts:Enabled</c>, else <c>Transcripts:Enabled</c>), and where they go.</summary>
public sealed class SiteTranscripts(TranscriptWriter writer, IOptions<TranscriptOptions> options, EcurepServerOptions server, TimeProvider time)
{
    public bool IsEnabled(string siteName) => server.Sites[siteName].Transcripts.Enabled ?? options.Value.Enabled;

    /// <summary>The sink for the site's FTP listeners; null when the site keeps no transcripts.</summary>
    public ITranscriptSink? For(string siteName) => IsEnabled(siteName) ? writer : null;

    /// <summary>The observer of the site's SSH listener: it names each connection and, where the site keeps them, writes its transcript.</summary>
    public ISshSessionObserver ObserverFor(string siteName) => new SshTranscriptObserver(siteName, For(siteName), time);
}
