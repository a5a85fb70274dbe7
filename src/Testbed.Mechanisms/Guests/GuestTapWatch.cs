using System.Buffers.Binary;
using System.Net.NetworkInformation;
using Testbed.Lab.Linux;
using Testbed.Network.Wan;
using Testbed.Qemu.Migration;

namespace Testbed.Mechanisms.Guests;

/// <summary>
/// Watches a guest's tap on its host and keeps when IPv4 frames went to the guest and when
/// the guest sent one. Around a migration this splits the time from RESUME to the client's
/// first answer into the network's part (when the path first delivered to the destination)
/// and the guest's (when the resumed guest first spoke). Only IPv4 counts: QEMU's own
/// announcement on resume is RARP, and it says nothing about the guest being awake.
/// It keeps every time it saw, so it is meant for the span of one migration, not a whole run.
/// </summary>
public sealed class GuestTapWatch : IDisposable
{
    private const ushort EtherTypeIpv4 = 0x0800;

    private readonly byte[] _guestMac;
    private readonly List<DateTimeOffset> _toGuest = [];
    private readonly List<DateTimeOffset> _fromGuest = [];
    private readonly Lock _lock = new();
    private readonly List<(bool FromGuest, DateTimeOffset After, TaskCompletionSource<DateTimeOffset> Frame)> _waiters = [];
    private readonly PacketCapture _capture;

    private GuestTapWatch(string netns, string tap, byte[] guestMac)
    {
        _guestMac = guestMac;
        _capture = PacketCapture.Start(netns, tap, OnFrame);
    }

    /// <summary>Watches the tap of <paramref name="guest"/> on host <paramref name="host"/> of <paramref name="dataCenter"/>, which must exist already.</summary>
    public static GuestTapWatch Start(WanNetwork wan, GuestSpec guest, string dataCenter, int host = 0) =>
        new(wan.Node(WanNetwork.HostName(dataCenter, host)).Namespace, WanGuest.TapName(guest), PhysicalAddress.Parse(guest.Mac.Replace(':', '-')).GetAddressBytes());

    /// <summary>The first IPv4 frame the tap carried to the guest at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset? FirstToGuestAfter(DateTimeOffset instant) => First(_toGuest, instant);

    /// <summary>The first IPv4 frame the guest sent at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset? FirstFromGuestAfter(DateTimeOffset instant) => First(_fromGuest, instant);

    /// <summary>
    /// The first IPv4 frame the guest sent at or after <paramref name="instant"/>, waiting for
    /// it up to <paramref name="patience"/>: a guest that nobody talks to may send nothing.
    /// </summary>
    public Task<DateTimeOffset?> FirstFromGuestAfterAsync(DateTimeOffset instant, TimeSpan patience, CancellationToken cancellationToken = default) =>
        FirstAfterAsync(fromGuest: true, instant, patience, cancellationToken);

    /// <summary>The first IPv4 frame the network delivered to the guest at or after <paramref name="instant"/>, waiting for it up to <paramref name="patience"/>.</summary>
    public Task<DateTimeOffset?> FirstToGuestAfterAsync(DateTimeOffset instant, TimeSpan patience, CancellationToken cancellationToken = default) =>
        FirstAfterAsync(fromGuest: false, instant, patience, cancellationToken);

    private async Task<DateTimeOffset?> FirstAfterAsync(bool fromGuest, DateTimeOffset instant, TimeSpan patience, CancellationToken cancellationToken)
    {
        var frame = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var times = fromGuest ? _fromGuest : _toGuest;
            var index = times.FindIndex(t => t >= instant);
            if (index >= 0)
            {
                return times[index];
            }

            _waiters.Add((fromGuest, instant, frame));
        }

        try
        {
            return await frame.Task.WaitAsync(patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove((fromGuest, instant, frame));
            }
        }
    }

    /// <summary>The split of a migration to this tap's guest, from its timeline; empty when the destination never resumed.</summary>
    public ConvergenceSplit Split(MigrationTimeline timeline)
    {
        if (timeline.DestinationResume is not { } resume)
        {
            return new ConvergenceSplit(null, null);
        }

        var pathReady = FirstToGuestAfter(timeline.SourceStop ?? resume);
        var firstFrame = FirstFromGuestAfter(resume);
        return new ConvergenceSplit((pathReady - resume)?.TotalMilliseconds, (firstFrame - resume)?.TotalMilliseconds);
    }

    public void Dispose() => _capture.Dispose();

    private DateTimeOffset? First(List<DateTimeOffset> times, DateTimeOffset instant)
    {
        lock (_lock)
        {
            var index = times.FindIndex(t => t >= instant);
            return index < 0 ? null : times[index];
        }
    }

    private void OnFrame(DateTimeOffset at, ReadOnlyMemory<byte> frame)
    {
        var bytes = frame.Span;
        if (bytes.Length < 14 || BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]) != EtherTypeIpv4)
        {
            return;
        }

        var fromGuest = bytes[6..12].SequenceEqual(_guestMac);
        lock (_lock)
        {
            (fromGuest ? _fromGuest : _toGuest).Add(at);
            foreach (var waiter in _waiters.Where(w => w.FromGuest == fromGuest && w.After <= at))
            {
                waiter.Frame.TrySetResult(at);
            }
        }
    }
}
