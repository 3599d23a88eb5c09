namespace EcurepServer.Ftp.Tls;

/// <summary>
/// Reads the clear handshake messages of one direction of a TLS connection from the bytes as they pass, however the
/// records are split or coalesced and however messages span records. Only the messages <c>keep</c> selects are
/// buffered (at most <c>maxKeptBytes</c> each, else the reader gives up as malformed); the others are counted past.
/// It ends at the direction's ChangeCipherSpec or first application-data record: from there on nothing is in clear.
/// </summary>
internal sealed class TlsHandshakeReader(Func<byte, bool> keep, int maxKeptBytes, Action<byte, ReadOnlySpan<byte>> onMessage)
{
    public const byte ChangeCipherSpecRecord = 20;
    public const byte AlertRecord = 21;
    public const byte HandshakeRecord = 22;
    public const byte ApplicationDataRecord = 23;

    private const int RecordHeaderLength = 5;
    private const int MessageHeaderLength = 4;

    // RFC 5246 6.2.3: a ciphertext record may exceed 2^14 by 2048 bytes; clear records never do.
    private const int MaxRecordBodyLength = 16384 + 2048;

    private readonly byte[] _recordHeader = new byte[RecordHeaderLength];
    private readonly byte[] _messageHeader = new byte[MessageHeaderLength];
    private int _recordHeaderFilled;
    private int _recordBodyLeft;
    private byte _recordType;
    private int _messageHeaderFilled;
    private int _messageBodyLeft;
    private byte[]? _kept;
    private int _keptFilled;

    /// <summary>This direction sent ChangeCipherSpec (the handshake messages after it are encrypted).</summary>
    public bool ChangedCipherSpec { get; private set; }

    /// <summary>Nothing more is read: the clear part ended, the reader was stopped, or the bytes were no TLS.</summary>
    public bool Ended => ChangedCipherSpec || Stopped || Malformed;

    public bool Stopped { get; private set; }

    /// <summary>The bytes were not TLS records as expected, or a kept message was over the bound.</summary>
    public bool Malformed { get; private set; }

    public void Stop() => Stopped = true;

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !Ended)
        {
            if (_recordBodyLeft == 0)
            {
                var take = Math.Min(RecordHeaderLength - _recordHeaderFilled, data.Length);
                data[..take].CopyTo(_recordHeader.AsSpan(_recordHeaderFilled));
                _recordHeaderFilled += take;
                data = data[take..];
                if (_recordHeaderFilled == RecordHeaderLength)
                {
                    StartRecord();
                }

                continue;
            }

            var chunk = data[..Math.Min(_recordBodyLeft, data.Length)];
            data = data[chunk.Length..];
            _recordBodyLeft -= chunk.Length;
            if (_recordType == HandshakeRecord)
            {
                FeedHandshake(chunk);
            }
        }
    }

    private void StartRecord()
    {
        _recordHeaderFilled = 0;
        _recordType = _recordHeader[0];
        var length = (_recordHeader[3] << 8) | _recordHeader[4];
        if (_recordType is < ChangeCipherSpecRecord or > ApplicationDataRecord || _recordHeader[1] != 3 || length is 0 or > MaxRecordBodyLength)
        {
            Malformed = true;
            return;
        }

        if (_recordType is ChangeCipherSpecRecord or ApplicationDataRecord)
        {
            ChangedCipherSpec = true;
            return;
        }

        _recordBodyLeft = length;
    }

    private void FeedHandshake(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !Malformed)
        {
            if (_messageHeaderFilled < MessageHeaderLength)
            {
                var take = Math.Min(MessageHeaderLength - _messageHeaderFilled, data.Length);
                data[..take].CopyTo(_messageHeader.AsSpan(_messageHeaderFilled));
                _messageHeaderFilled += take;
                data = data[take..];
                if (_messageHeaderFilled == MessageHeaderLength)
                {
                    StartMessage();
                }

                continue;
            }

            var chunk = data[..Math.Min(_messageBodyLeft, data.Length)];
            data = data[chunk.Length..];
            _messageBodyLeft -= chunk.Length;
            if (_kept is not null)
            {
                chunk.CopyTo(_kept.AsSpan(_keptFilled));
                _keptFilled += chunk.Length;
            }

            if (_messageBodyLeft == 0)
            {
                EndMessage();
            }
        }
    }

    private void StartMessage()
    {
        _messageBodyLeft = (_messageHeader[1] << 16) | (_messageHeader[2] << 8) | _messageHeader[3];
        if (keep(_messageHeader[0]))
        {
            if (_messageBodyLeft > maxKeptBytes)
            {
                Malformed = true;
                return;
            }

            _kept = new byte[_messageBodyLeft];
            _keptFilled = 0;
        }

        if (_messageBodyLeft == 0)
        {
            EndMessage();
        }
    }

    private void EndMessage()
    {
        var body = _kept is null ? ReadOnlySpan<byte>.Empty : _kept.AsSpan(0, _keptFilled);
        _kept = null;
        _messageHeaderFilled = 0;
        onMessage(_messageHeader[0], body);
    }
}
