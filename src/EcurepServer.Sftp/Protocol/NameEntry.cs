namespace EcurepServer.Sftp.Protocol;

/// <summary>One entry of SSH_FXP_NAME: the name, an <c>ls -l</c> line for humans, and the attributes.</summary>
internal sealed record NameEntry(string FileName, string LongName, SftpAttributes Attributes)
{
    public int MaxEncodedBytes => SpanWriter.MaxStringBytes(FileName) + SpanWriter.MaxStringBytes(LongName) + SftpAttributes.MaxEncodedBytes;
}
