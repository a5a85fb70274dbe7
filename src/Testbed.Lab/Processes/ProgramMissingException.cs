namespace Testbed.Lab.Processes;

/// <summary>A program the testbed runs is not installed; the message says which package brings it.</summary>
public sealed class ProgramMissingException(string program, string package)
    : Exception($"'{program}' is not installed: run 'sudo testbed/provision.sh' (Debian package {package})")
{
    public string Program { get; } = program;

    public string Package { get; } = package;
}
