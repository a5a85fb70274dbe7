using System.Net;

namespace Testbed.Mechanisms.Guests;

/// <summary>A service VM: its name (the name it answers as), address and MAC, which it keeps wherever it runs, and its size and load.</summary>
public sealed record GuestSpec(
    string Name, IPAddress Address, string Mac, int MemoryMib = 128, double DirtyMegabytesPerSecond = 0, double ServiceTimeMs = 0, int Vcpus = 1);
