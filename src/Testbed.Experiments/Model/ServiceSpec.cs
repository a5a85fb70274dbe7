namespace Testbed.Experiments.Model;

/// <summary>A service: one VM, where it boots, what it does per request and to its memory, and how it is migrated.</summary>
public sealed record ServiceSpec(
    string Name,
    string DataCenter,
    int MemoryMib = 128,
    int Vcpus = 1,
    TimeSpan ServiceTime = default,
    double DirtyMegabytesPerSecond = 0,
    GuestImageKind Image = GuestImageKind.Default,
    MigrationSpec? Migration = null);
