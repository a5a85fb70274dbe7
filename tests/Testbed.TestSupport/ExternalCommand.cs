using CliWrap;
using CliWrap.Buffered;
using Xunit;
using CommandResult = Testbed.Lab.Processes.CommandResult;

namespace Testbed.TestSupport;

/// <summary>Runs a program from the repository root as a user would: with extra environment, and optionally as the unprivileged user nobody.</summary>
public static class ExternalCommand
{
    /// <summary>
    /// Makes the repository reachable for nobody when a folder above it is closed to others, as
    /// /root is, and a home made by Debian 12's adduser (mode 0700): in a mount namespace of the
    /// command's own, that folder is covered by an empty tmpfs open to all, holding only the
    /// path down to the repository, which is bound back at its own path. Nothing else of the
    /// folder is visible, and nothing changes outside the command.
    /// </summary>
    private const string ReachRepository = """
        set -e
        repo=$1 closed=$2; shift 2
        handle=$(mktemp -d)
        mount --bind "$repo" "$handle"
        mount -t tmpfs -o mode=0755 tmpfs "$closed"
        mkdir -p "$repo"
        mount --move "$handle" "$repo"
        rmdir "$handle"
        cd "$repo"
        exec "$@"
        """;

    private static readonly string[] AsNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

    public static async Task<(CommandResult Result, TimeSpan Elapsed)> RunAsync(
        string program, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null, bool unprivileged = false)
    {
        string[] command = !unprivileged
            ? [program, .. arguments]
            : FolderClosedToOthers(RepositoryRoot.Path) is { } closed
                ? ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", ReachRepository, "sh", RepositoryRoot.Path, closed, .. AsNobody, program, .. arguments]
                : [.. AsNobody, program, .. arguments];
        var result = await Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithWorkingDirectory(RepositoryRoot.Path)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError), result.RunTime);
    }

    /// <summary>The single non-empty line of an output; fails the test when there are more or none.</summary>
    public static string OnlyLine(string text) =>
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The highest folder above <paramref name="path"/> that others may not enter, or null when every one is open.</summary>
    private static string? FolderClosedToOthers(string path)
    {
        string? closed = null;
        for (var directory = new DirectoryInfo(path).Parent; directory?.Parent is not null; directory = directory.Parent)
        {
            if ((File.GetUnixFileMode(directory.FullName) & UnixFileMode.OtherExecute) == 0)
            {
                closed = directory.FullName;
            }
        }

        return closed;
    }
}
