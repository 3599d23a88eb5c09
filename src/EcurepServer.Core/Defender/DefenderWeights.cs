namespace EcurepServer.Core.Defender;

/// <summary>The points each <see cref="DefenderEvent"/> adds to its address's score; 0 does not count it.</summary>
public sealed class DefenderWeights
{
    public int FailedLogin { get; set; } = 1;

    public int UnknownAccount { get; set; } = 2;

    public int ProtocolError { get; set; } = 2;

    public int HostileInput { get; set; } = 5;

    public int NoLogin { get; set; } = 1;

    public int Of(DefenderEvent what) => what switch
    {
        DefenderEvent.FailedLogin => FailedLogin,
        DefenderEvent.UnknownAccount => UnknownAccount,
        DefenderEvent.ProtocolError => ProtocolError,
        DefenderEvent.HostileInput => HostileInput,
        DefenderEvent.NoLogin => NoLogin,
        _ => 0,
    };
}
