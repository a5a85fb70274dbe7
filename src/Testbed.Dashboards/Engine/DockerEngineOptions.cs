using Testbed.Lab.Runs;

namespace Testbed.Dashboards.Engine;

/// <summary>
/// Where the engine listens, and where a dockerd started by the testbed records its pid
/// and writes its log. The files sit directly in the runtime root, beside the run
/// directories and not in one, because `testbed clean` stops every process a run
/// directory names, and the dashboards' engine is not a crashed run's leftover.
/// </summary>
public sealed record DockerEngineOptions(string Socket, string PidFile, string LogFile)
{
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>How long a freshly started dockerd may take to answer on its socket.</summary>
    public TimeSpan StartDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>dockerd stops its containers on SIGTERM (10 s each at most, in parallel) before it exits.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(30);

    public static DockerEngineOptions For(RuntimeRoot root) =>
        new(DefaultSocket, Path.Combine(root.Path, "dockerd.pid"), Path.Combine(root.Path, "dockerd.log"));
}
