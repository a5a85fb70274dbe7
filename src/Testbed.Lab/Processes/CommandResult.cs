namespace Testbed.Lab.Processes;

/// <summary>What a finished command printed and how it ended.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first non-empty line of standard error, else of standard output: what a one-line message quotes.</summary>
    public string FirstErrorLine =>
        (StandardError + "\n" + StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? $"exit code {ExitCode}";
}
