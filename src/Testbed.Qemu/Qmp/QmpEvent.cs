using System.Text.Json;

namespace Testbed.Qemu.Qmp;

/// <summary>
/// An asynchronous event from QEMU (STOP, RESUME, MIGRATION, ...). <see cref="Timestamp"/>
/// is QEMU's own clock at the moment of the event, which is what migration timelines need;
/// <see cref="ReceivedAt"/> is when this client read it.
/// </summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp, DateTimeOffset ReceivedAt);
