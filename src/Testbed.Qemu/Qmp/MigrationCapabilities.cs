namespace Testbed.Qemu.Qmp;

/// <summary>The migration capabilities the testbed sets, by QEMU's names.</summary>
public static class MigrationCapabilities
{
    /// <summary>MIGRATION and MIGRATION_PASS events, so state changes need no polling.</summary>
    public const string Events = "events";

    /// <summary>Stops at pre-switchover with the VM paused until migrate-continue: where the smart routers switch.</summary>
    public const string PauseBeforeSwitchover = "pause-before-switchover";

    public const string PostcopyRam = "postcopy-ram";

    public const string Multifd = "multifd";

    /// <summary>Sends pages sent before as deltas against a cache of them.</summary>
    public const string Xbzrle = "xbzrle";

    /// <summary>Throttles the guest's vCPUs when the migration does not converge.</summary>
    public const string AutoConverge = "auto-converge";
}
