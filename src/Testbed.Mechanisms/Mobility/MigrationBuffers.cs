namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// The buffers a migration stream ran through, which decide how much of it is still in
/// flight when the source completes. <see cref="SendBufferBytes"/> and
/// <see cref="ReceiveBufferBytes"/>: the largest TCP buffers the kernel may grow to in the
/// source's and the destination's host namespaces (tcp_wmem and tcp_rmem, third field).
/// <see cref="UnsentLimitBytes"/>: how much not yet sent data a socket at the source may
/// hold before a write blocks (tcp_notsent_lowat), which bounds what is left to send when
/// QEMU believes it has sent everything.
/// <see cref="PathQueuePackets"/>: the queue of the path's slowest link, where a backlog
/// builds; null when no link on the path is rate-limited.
/// </summary>
public sealed record MigrationBuffers(long? SendBufferBytes, long? UnsentLimitBytes, long? ReceiveBufferBytes, int? PathQueuePackets);
