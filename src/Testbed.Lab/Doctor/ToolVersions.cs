using System.Text.RegularExpressions;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Doctor;

/// <summary>Versions found by running each tool, never by reading a package database.</summary>
public static partial class ToolVersions
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>What `mn --version` prints; mn imports Mininet, so this also proves the Python side works.</summary>
    public static Task<string?> MininetAsync(CancellationToken cancellationToken) =>
        FirstMatchAsync("mn", ["--version"], MininetPattern(), cancellationToken);

    /// <summary>The newest PostgreSQL server binary Debian and Ubuntu install under /usr/lib/postgresql.</summary>
    public static async Task<string?> PostgresAsync(CancellationToken cancellationToken)
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        var servers = Directory.GetDirectories(root)
            .Select(directory => Path.Combine(directory, "bin", "postgres"))
            .Where(File.Exists)
            .OrderByDescending(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))), out var major) ? major : 0);
        foreach (var server in servers)
        {
            if (await FirstMatchAsync(server, ["--version"], PostgresPattern(), cancellationToken) is { } version)
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>The first group of <paramref name="pattern"/> in what the program prints, or null when it is missing or fails.</summary>
    public static async Task<string?> FirstMatchAsync(string program, string[] arguments, Regex pattern, CancellationToken cancellationToken)
    {
        if (ProgramLocator.Find(program) is null)
        {
            return null;
        }

        var result = await CommandRunner.RunAsync(program, arguments, Timeout, cancellationToken);
        var match = pattern.Match(result.StandardOutput + result.StandardError);
        return result.Succeeded && match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)+\S*)\s*$", RegexOptions.Multiline)]
    private static partial Regex MininetPattern();

    [GeneratedRegex(@"\(PostgreSQL\) (\d+(?:\.\d+)+)")]
    private static partial Regex PostgresPattern();
}
