using Testbed.Lab.Linux;

namespace Testbed.Network.Emulation;

/// <summary>
/// A point-to-point link emulated in user space between two TAP interfaces, each in its
/// own namespace: per-direction delay, jitter, loss and rate with a finite queue. Its
/// shape changes in place, without touching the interfaces, so open connections survive.
/// </summary>
public sealed class EmulatedLink : IDisposable
{
    private readonly TapDevice _a;
    private readonly TapDevice _b;
    private readonly EmulatedDirection _aToB;
    private readonly EmulatedDirection _bToA;
    private int _disposed;

    private EmulatedLink(string name, TapDevice a, TapDevice b, LinkShape shape, int seed)
    {
        Name = name;
        _a = a;
        _b = b;
        _aToB = new EmulatedDirection(name, "a>b", a, b, shape, seed);
        _bToA = new EmulatedDirection(name, "b>a", b, a, shape, seed ^ 0x5bd1e995);
    }

    /// <summary>The emulator's thread is named so, which is how its CPU time is told from the rest of the process's.</summary>
    public const string ThreadNamePrefix = "link ";

    public string Name { get; }

    public string InterfaceA => _a.Name;

    public string InterfaceB => _b.Name;

    public LinkShape ShapeAToB => _aToB.Scheduler.Shape;

    public LinkShape ShapeBToA => _bToA.Scheduler.Shape;

    public LinkCounters CountersAToB => _aToB.Counters;

    public LinkCounters CountersBToA => _bToA.Counters;

    /// <summary>The seconds of both directions that have ended since the last call.</summary>
    public IReadOnlyList<LinkSecond> TakeSeconds()
    {
        EmulatorLoop.Shared.CloseEndedSeconds();
        return TakeClosedSeconds();
    }

    /// <summary>As <see cref="TakeSeconds"/>, of the seconds the loop has closed already: for a caller that closed them once for many links.</summary>
    internal IReadOnlyList<LinkSecond> TakeClosedSeconds() => [.. _aToB.TakeSeconds(), .. _bToA.TakeSeconds()];

    /// <summary>
    /// Creates TAP <paramref name="interfaceA"/> in <paramref name="netnsA"/> and
    /// <paramref name="interfaceB"/> in <paramref name="netnsB"/> (null: this process's
    /// namespace) and starts carrying frames between them. The interfaces start down, with
    /// no address: configuring them is the caller's.
    /// </summary>
    public static EmulatedLink Start(string name, string interfaceA, string? netnsA, string interfaceB, string? netnsB, LinkShape shape, int seed)
    {
        TapDevice? a = null;
        TapDevice? b = null;
        EmulatedLink? link = null;
        try
        {
            a = TapDevice.OpenWithOffloads(interfaceA, netnsA);
            b = TapDevice.OpenWithOffloads(interfaceB, netnsB);
            link = new EmulatedLink(name, a, b, shape, seed);
            EmulatorLoop.Shared.Add(link._aToB);
            EmulatorLoop.Shared.Add(link._bToA);
            return link;
        }
        catch
        {
            if (link is not null)
            {
                link.Dispose();
            }
            else
            {
                a?.Dispose();
                b?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Changes both directions at once; frames already in flight keep the shape they entered with.</summary>
    public void Reshape(LinkShape shape) => Reshape(shape, shape);

    public void Reshape(LinkShape aToB, LinkShape bToA)
    {
        _aToB.Scheduler.Shape = aToB;
        _bToA.Scheduler.Shape = bToA;
    }

    /// <summary>A link that is down drops every frame, as a cut cable would; the interfaces stay.</summary>
    public void SetUp(bool up) => Reshape(ShapeAToB with { Up = up }, ShapeBToA with { Up = up });

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        EmulatorLoop.Shared.Remove(_aToB);
        EmulatorLoop.Shared.Remove(_bToA);
        _a.Dispose();
        _b.Dispose();
    }
}
