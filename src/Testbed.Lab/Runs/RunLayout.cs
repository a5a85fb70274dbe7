namespace Testbed.Lab.Runs;

/// <summary>The names inside a run directory, shared by the writer (<see cref="RunDirectory"/>) and the cleaner.</summary>
internal static class RunLayout
{
    public const string LedgerFile = "resources.jsonl";
    public const string PidsFolder = "pids";
    public const string PidSuffix = ".pid";
    public const string SocketsFolder = "sockets";
    public const string LogsFolder = "logs";
}
