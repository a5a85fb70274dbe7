using System.Globalization;
using Docker.DotNet.Models;

namespace Testbed.Dashboards.Containers;

/// <summary>Turns a <see cref="ContainerSpec"/> into the engine's create-container request.</summary>
internal static class ContainerParameters
{
    /// <summary>
    /// Failures during a container's first start (a database initialising) do not count
    /// against it; the stack's own deadline bounds the wait instead.
    /// </summary>
    private static readonly TimeSpan HealthStartPeriod = TimeSpan.FromMinutes(2);

    public static CreateContainerParameters For(StackSpec stack, ContainerSpec spec) => new()
    {
        Name = spec.Name,
        Image = spec.Image,
        Env = [.. spec.Environment.Select(variable => $"{variable.Key}={variable.Value}")],
        Cmd = spec.Command.Count > 0 ? [.. spec.Command] : null,
        Labels = new Dictionary<string, string> { [StackSpec.Label] = stack.Name },
        ExposedPorts = spec.Ports.Select(p => p.Key).Distinct().ToDictionary(key => key, _ => default(EmptyStruct)),
        Healthcheck = spec.HealthCheck is EngineHealthCheck { Test: { } test } engine
            ? new HealthConfig
            {
                Test = [.. test],
                Interval = engine.Interval,
                Timeout = TimeSpan.FromSeconds(5),
                Retries = 3,
                StartPeriod = HealthStartPeriod.Ticks * 100, // nanoseconds
            }
            : null,
        HostConfig = new HostConfig
        {
            Mounts =
            [
                .. spec.BindMounts.Select(b => new Mount { Type = "bind", Source = b.HostPath, Target = b.ContainerPath, ReadOnly = b.ReadOnly }),
                .. spec.Volumes.Select(v => new Mount { Type = "volume", Source = v.Volume, Target = v.ContainerPath }),
            ],
            PortBindings = spec.Ports
                .GroupBy(p => p.Key)
                .ToDictionary(
                    group => group.Key,
                    group => (IList<PortBinding>)[.. group.Select(p => new PortBinding { HostIP = p.HostIp, HostPort = HostPortText(p) })]),
            NetworkMode = stack.Network,
            RestartPolicy = new RestartPolicy { Name = spec.RestartUnlessStopped ? RestartPolicyKind.UnlessStopped : RestartPolicyKind.No },
        },
    };

    /// <summary>An empty host port asks the engine for a free one, as `docker run -p 127.0.0.1::8080` does.</summary>
    private static string HostPortText(PublishedPort port) =>
        port.HostPort == 0 ? "" : port.HostPort.ToString(CultureInfo.InvariantCulture);
}
