namespace Testbed.Overlay.Control;

/// <summary>The operations of the router control protocol (JSON lines over a Unix socket).</summary>
public static class ControlOps
{
    /// <summary>Replace one location entry: {entry}.</summary>
    public const string Replace = "replace";

    /// <summary>Add a replica: {service, data_center, epoch}.</summary>
    public const string AddReplica = "add-replica";

    /// <summary>Drop a replica: {service, data_center, epoch}.</summary>
    public const string DropReplica = "drop-replica";

    /// <summary>Phase one of a switch-over: {entry}. The destination installs the VM's neighbour entry.</summary>
    public const string Prepare = "prepare";

    /// <summary>Phase two: {service, epoch}.</summary>
    public const string Commit = "commit";

    /// <summary>Forget a prepared entry: {service, epoch}.</summary>
    public const string Abort = "abort";

    /// <summary>The whole table: {} → entries.</summary>
    public const string Table = "table";

    /// <summary>Reload a table (a restarted router): {entries}; each entry obeys the epoch rule.</summary>
    public const string Load = "load";

    /// <summary>Packets, bytes and drops: totals, per service, per flow.</summary>
    public const string Counters = "counters";

    /// <summary>The smoothed overlay round trip to each peer.</summary>
    public const string Peers = "peers";
}
