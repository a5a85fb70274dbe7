namespace Testbed.Lab.Runs;

/// <summary>
/// Where live runs keep their pid files, sockets and ledgers: /run/testbed by default
/// (a tmpfs, so a reboot, which also ends every process and namespace, empties it), or
/// TESTBED_RUNTIME_DIR. Tests give each test its own root so that one test's clean-up
/// never touches another's run.
/// </summary>
public sealed class RuntimeRoot
{
    public const string EnvironmentVariable = "TESTBED_RUNTIME_DIR";
    public const string DefaultPath = "/run/testbed";

    public RuntimeRoot(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static RuntimeRoot FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path : DefaultPath);

    /// <summary>Run directories present now, oldest first.</summary>
    public IReadOnlyList<string> RunDirectories() =>
        Directory.Exists(Path)
            ? [.. new DirectoryInfo(Path).GetDirectories().Where(d => !d.Name.StartsWith('.')).OrderBy(d => d.CreationTimeUtc).Select(d => d.FullName)]
            : [];
}
