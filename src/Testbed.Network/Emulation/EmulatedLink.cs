using System.Runtime.InteropServices;

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
    private readonly int _stopEvent;
    private readonly EmulatedDirection _aToB;
    private readonly EmulatedDirection _bToA;
    private int _disposed;

    private EmulatedLink(string name, TapDevice a, TapDevice b, int stopEvent, LinkShape shape, int seed)
    {
        Name = name;
        _a = a;
        _b = b;
        _stopEvent = stopEvent;
        _aToB = new EmulatedDirection(name + ">", a, b, shape, seed, stopEvent);
        _bToA = new EmulatedDirection(name + "<", b, a, shape, seed ^ 0x5bd1e995, stopEvent);
    }

    public string Name { get; }

    public string InterfaceA => _a.Name;

    public string InterfaceB => _b.Name;

    public LinkShape ShapeAToB => _aToB.Scheduler.Shape;

    public LinkShape ShapeBToA => _bToA.Scheduler.Shape;

    public LinkCounters CountersAToB => _aToB.Counters;

    public LinkCounters CountersBToA => _bToA.Counters;

    /// <summary>
    /// Creates TAP <paramref name="interfaceA"/> in <paramref name="netnsA"/> and
    /// <paramref name="interfaceB"/> in <paramref name="netnsB"/> (null: this process's
    /// namespace) and starts carrying frames between them. The interfaces start down, with
    /// no address: configuring them is the caller's.
    /// </summary>
    public static EmulatedLink Start(string name, string interfaceA, string? netnsA, string interfaceB, string? netnsB, LinkShape shape, int seed)
    {
        var stopEvent = LinuxIo.EventFd(0, LinuxIo.EventCloseOnExec | LinuxIo.EventNonBlocking);
        if (stopEvent < 0)
        {
            throw new InvalidOperationException($"eventfd failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        TapDevice? a = null;
        try
        {
            a = TapDevice.Open(interfaceA, netnsA);
            var b = TapDevice.Open(interfaceB, netnsB);
            var link = new EmulatedLink(name, a, b, stopEvent, shape, seed);
            link._aToB.Start();
            link._bToA.Start();
            return link;
        }
        catch
        {
            a?.Dispose();
            _ = LinuxIo.Close(stopEvent);
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

    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        ulong one = 1;
        _ = LinuxIo.Write(_stopEvent, (byte*)&one, sizeof(ulong));
        _aToB.Dispose();
        _bToA.Dispose();
        _a.Dispose();
        _b.Dispose();
        _ = LinuxIo.Close(_stopEvent);
    }
}
