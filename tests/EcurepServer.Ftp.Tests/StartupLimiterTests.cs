using System.Net;
using EcurepServer.Connections;

namespace EcurepServer.Ftp.Tests;

/// <summary>The pre-authentication limits both engines share (EcurepServer.Connections), as OpenSSH's MaxStartups.</summary>
public sealed class StartupLimiterTests
{
    private static readonly IPAddress[] Addresses = [.. Enumerable.Range(1, 200).Select(i => IPAddress.Parse($"10.0.{i / 250}.{(i % 250) + 1}"))];

    [Fact]
    public void Below_the_drop_start_nothing_is_refused_and_at_full_everything_is()
    {
        using var limiter = new StartupLimiter(new StartupLimits(PerAddress: 10, DropFrom: 20, DropPercent: 30, Full: 20), new FixedRandom(0));

        var slots = Addresses.Take(20).Select(address => limiter.TryEnter(address, out _)).ToList();
        var beyond = limiter.TryEnter(Addresses[20], out var why);

        Assert.All(slots, Assert.NotNull);
        Assert.Null(beyond);
        Assert.Equal("20 connections are already waiting to log in", why);
        Assert.Equal(20, limiter.Held);

        slots[0]!.Dispose();
        slots[0]!.Dispose();
        Assert.Equal(19, limiter.Held);
        Assert.NotNull(limiter.TryEnter(Addresses[20], out _));
    }

    [Theory]
    [InlineData(10, 29, true)]
    [InlineData(10, 30, false)]
    [InlineData(15, 64, true)]
    [InlineData(15, 65, false)]
    [InlineData(19, 92, true)]
    [InlineData(19, 93, false)]
    public void Between_start_and_full_the_drop_chance_rises_linearly_from_the_rate_to_all(int held, int draw, bool dropped)
    {
        var random = new FixedRandom(99);
        using var limiter = new StartupLimiter(new StartupLimits(PerAddress: 100, DropFrom: 10, DropPercent: 30, Full: 20), random);
        for (var i = 0; i < held; i++)
        {
            Assert.NotNull(limiter.TryEnter(Addresses[i], out _));
        }

        random.Draw = draw;
        var slot = limiter.TryEnter(Addresses[held], out var why);

        Assert.Equal(dropped, slot is null);
        if (dropped)
        {
            Assert.StartsWith($"random early drop: {held} connections are waiting to log in", why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void One_address_holds_at_most_its_share_and_gets_it_back_as_slots_end()
    {
        using var limiter = new StartupLimiter(new StartupLimits(PerAddress: 2, DropFrom: 50, DropPercent: 30, Full: 100));
        var first = limiter.TryEnter(Addresses[0], out _);
        var second = limiter.TryEnter(Addresses[0], out _);

        Assert.Null(limiter.TryEnter(Addresses[0], out var why));
        Assert.Equal("2 connections from this address are already waiting to log in", why);
        Assert.NotNull(limiter.TryEnter(Addresses[1], out _));

        first!.Dispose();
        Assert.NotNull(limiter.TryEnter(Addresses[0], out _));
        Assert.NotNull(second);
    }

    /// <summary>Draws the number it is set to (99: nothing short of full is dropped).</summary>
    private sealed class FixedRandom(int draw) : Random
    {
        public int Draw { get; set; } = draw;

        public override int Next(int maxValue) => Draw;
    }
}
