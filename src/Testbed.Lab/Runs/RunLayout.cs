namespace Testbed.Lab.Runs;

/// <summary>The names inside a run directory, shared by the writer (<see cref="RunDirectory"/>) and the cleaner.</summary>
internal static class RunLayout
{
    public const string LedgerFile = "resources.jsonl";
    public const string PidsFolder = "pids";
    public const string PidSuffix = ".pid";
    public const string SocketsFolder = "sockets";
    public const string LogsFolder = "logs";

    /// <summary>The process that owns the run (pid and start time): while it lives, `testbed clean` leaves the run alone.</summary>
    public const string OwnerFile = "owner";

    /// <summary>Beside the run directories: one file per name tag a run holds, so that concurrent runs never build the same names.</summary>
    public const string ReservationsFolder = ".names";
}
