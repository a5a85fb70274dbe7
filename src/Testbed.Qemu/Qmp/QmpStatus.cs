namespace Testbed.Qemu.Qmp;

/// <summary>query-status: the run state ("running", "paused", "prelaunch", "inmigrate", "postmigrate", ...).</summary>
public sealed record QmpStatus(string Status, bool Running);
