namespace Testbed.Lab.Runs;

/// <summary>A tracked process that ended while the run still needed it: nobody stopped it or told it to end.</summary>
public sealed record ProcessExit(string Name, int Pid, int ExitCode)
{
    /// <summary>How the process ended, as an error message says it: .NET reports death by signal N as exit code 128 + N.</summary>
    public string Cause => ExitCode > 128 && ExitCode < 128 + 65
        ? $"{Name} (pid {Pid}) was killed by signal {ExitCode - 128}{SignalName(ExitCode - 128)}"
        : $"{Name} (pid {Pid}) exited with code {ExitCode}";

    private static string SignalName(int signal) => signal switch
    {
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => "",
    };
}
