namespace Testbed.Lab.Processes;

/// <summary>A command the testbed relies on exited non-zero.</summary>
public sealed class CommandFailedException(string commandLine, CommandResult result)
    : Exception($"'{commandLine}' failed: {result.FirstErrorLine}")
{
    public string CommandLine { get; } = commandLine;

    public CommandResult Result { get; } = result;
}
