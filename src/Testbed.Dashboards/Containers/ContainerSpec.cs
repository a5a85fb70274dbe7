namespace Testbed.Dashboards.Containers;

/// <summary>
/// One container of a stack, as plain data: nothing touches Docker until
/// <see cref="StackManager"/> brings it up, so a stack's specs are testable without an engine.
/// </summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }

    /// <summary>A full reference such as postgres:15; an image without a tag means :latest, as in docker run.</summary>
    public required string Image { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Replaces the image's command; empty keeps the image's own.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<BindMount> BindMounts { get; init; } = [];

    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];

    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];

    public HealthCheck? HealthCheck { get; init; }

    /// <summary>When true the engine restarts the container after a reboot or crash, until `down` stops it.</summary>
    public bool RestartUnlessStopped { get; init; }
}
