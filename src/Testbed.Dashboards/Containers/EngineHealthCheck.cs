namespace Testbed.Dashboards.Containers;

/// <summary>
/// Ready when the engine reports the container healthy. With a <see cref="Test"/>
/// (Docker's HEALTHCHECK form, such as CMD pg_isready ...) it becomes the container's
/// health check; without one the image's own HEALTHCHECK is used.
/// </summary>
public sealed record EngineHealthCheck(IReadOnlyList<string>? Test, TimeSpan Interval) : HealthCheck;
