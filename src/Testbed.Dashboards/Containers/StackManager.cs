using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Dashboards.Containers;

/// <summary>
/// Brings a <see cref="StackSpec"/> up and down on one Docker engine. `up` is idempotent:
/// what runs is left running, what is stopped is started, what is missing is created,
/// and then every container must become healthy before the deadline. `down` removes the
/// containers and the network, and the volumes only when asked to purge. Only objects
/// labelled with the stack's name are ever stopped or removed, so a stranger's container
/// that happens to have the same name is reported instead of destroyed.
/// </summary>
public sealed partial class StackManager(IDockerClient docker)
{
    /// <summary>How long the engine may try to pull a missing image; with no registry reachable it usually fails at once.</summary>
    public TimeSpan PullDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a container gets to stop on SIGTERM before the engine kills it.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many of its last log lines a failure quotes.</summary>
    public int LogLines { get; init; } = 20;

    public async Task<StackUpReport> UpAsync(StackSpec stack, TimeSpan healthDeadline, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();

        // Images first: a missing one is the likeliest failure on a machine without a
        // registry, and finding it before anything is created leaves nothing behind.
        foreach (var spec in stack.Containers)
        {
            if (await InspectOrNullAsync(spec.Name, cancellationToken) is null)
            {
                await EnsureImageAsync(spec.Image, cancellationToken);
            }
        }

        await EnsureNetworkAsync(stack, cancellationToken);
        foreach (var volume in stack.Volumes)
        {
            await EnsureVolumeAsync(stack, volume, cancellationToken);
        }

        var running = new List<(ContainerSpec Spec, string Id, ContainerOutcome Outcome)>();
        foreach (var spec in stack.Containers)
        {
            var (id, outcome) = await EnsureRunningAsync(stack, spec, cancellationToken);
            running.Add((spec, id, outcome));
        }

        // One deadline for the whole stack: containers start in parallel inside the engine,
        // so waiting for them one after the other costs no more than the slowest.
        var deadline = DateTime.UtcNow + healthDeadline;
        var results = new List<ContainerUpResult>();
        foreach (var (spec, id, outcome) in running)
        {
            var ports = await WaitHealthyAsync(spec, id, deadline, healthDeadline, cancellationToken);
            results.Add(new ContainerUpResult(spec.Name, id, outcome, ports));
        }

        return new StackUpReport(results, clock.Elapsed);
    }

    public async Task<StackDownReport> DownAsync(StackSpec stack, bool purge, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var removed = new List<string>();
        foreach (var spec in stack.Containers.Reverse())
        {
            var existing = await InspectOrNullAsync(spec.Name, cancellationToken);
            if (existing is null)
            {
                continue;
            }

            DemandOwned(stack, "container", spec.Name, existing.Config.Labels);
            if (existing.State.Running)
            {
                await docker.Containers.StopContainerAsync(
                    existing.ID, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)StopGrace.TotalSeconds }, cancellationToken);
            }

            await docker.Containers.RemoveContainerAsync(existing.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
            removed.Add(spec.Name);
        }

        string? removedNetwork = null;
        if (await InspectNetworkOrNullAsync(stack.Network, cancellationToken) is { } network)
        {
            DemandOwned(stack, "network", stack.Network, network.Labels);
            await docker.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
            removedNetwork = stack.Network;
        }

        var removedVolumes = new List<string>();
        var keptVolumes = new List<string>();
        foreach (var volume in stack.Volumes)
        {
            if (await InspectVolumeOrNullAsync(volume, cancellationToken) is not { } found)
            {
                continue;
            }

            if (!purge)
            {
                keptVolumes.Add(volume);
                continue;
            }

            DemandOwned(stack, "volume", volume, found.Labels);
            await docker.Volumes.RemoveAsync(volume, force: false, cancellationToken);
            removedVolumes.Add(volume);
        }

        return new StackDownReport(removed, removedNetwork, removedVolumes, keptVolumes, clock.Elapsed);
    }

    /// <summary>True when every container of the stack exists and runs; what `up` would leave alone.</summary>
    public async Task<bool> IsRunningAsync(StackSpec stack, CancellationToken cancellationToken = default)
    {
        foreach (var spec in stack.Containers)
        {
            if (await InspectOrNullAsync(spec.Name, cancellationToken) is not { State.Running: true })
            {
                return false;
            }
        }

        return true;
    }

    public async Task<bool> VolumeExistsAsync(string volume, CancellationToken cancellationToken = default) =>
        await InspectVolumeOrNullAsync(volume, cancellationToken) is not null;

    private async Task<(string Id, ContainerOutcome Outcome)> EnsureRunningAsync(StackSpec stack, ContainerSpec spec, CancellationToken cancellationToken)
    {
        var existing = await InspectOrNullAsync(spec.Name, cancellationToken);
        if (existing is null)
        {
            DemandBindSourcesExist(spec);
            DemandPortsFree(spec);
            var created = await docker.Containers.CreateContainerAsync(ContainerParameters.For(stack, spec), cancellationToken);
            await StartAsync(spec, created.ID, cancellationToken);
            return (created.ID, ContainerOutcome.Created);
        }

        DemandOwned(stack, "container", spec.Name, existing.Config.Labels);
        DemandSameShape(spec, existing);
        if (existing.State.Running)
        {
            return (existing.ID, ContainerOutcome.AlreadyRunning);
        }

        DemandPortsFree(spec);
        await StartAsync(spec, existing.ID, cancellationToken);
        return (existing.ID, ContainerOutcome.Started);
    }

    private async Task StartAsync(ContainerSpec spec, string id, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException failure)
        {
            throw new DashboardsException($"the engine could not start container {spec.Name}: {EngineMessage.Of(failure)}", failure);
        }
    }

    private async Task EnsureNetworkAsync(StackSpec stack, CancellationToken cancellationToken)
    {
        if (await InspectNetworkOrNullAsync(stack.Network, cancellationToken) is { } existing)
        {
            DemandOwned(stack, "network", stack.Network, existing.Labels);
            return;
        }

        // A user-defined bridge rather than the default one: its embedded DNS lets a
        // container reach another by its name (Grafana's datasource reaches testbed-postgres).
        await docker.Networks.CreateNetworkAsync(
            new NetworksCreateParameters
            {
                Name = stack.Network,
                Driver = "bridge",
                CheckDuplicate = true,
                Labels = new Dictionary<string, string> { [StackSpec.Label] = stack.Name },
            },
            cancellationToken);
    }

    private async Task EnsureVolumeAsync(StackSpec stack, string volume, CancellationToken cancellationToken)
    {
        if (await InspectVolumeOrNullAsync(volume, cancellationToken) is { } existing)
        {
            DemandOwned(stack, "volume", volume, existing.Labels);
            return;
        }

        await docker.Volumes.CreateAsync(
            new VolumesCreateParameters { Name = volume, Labels = new Dictionary<string, string> { [StackSpec.Label] = stack.Name } },
            cancellationToken);
    }

    private async Task<ContainerInspectResponse?> InspectOrNullAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(name, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private async Task<NetworkResponse?> InspectNetworkOrNullAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var network = await docker.Networks.InspectNetworkAsync(name, cancellationToken);
            // Inspect also matches an id prefix; only the exact name is ours.
            return network.Name == name ? network : null;
        }
        catch (DockerNetworkNotFoundException)
        {
            return null;
        }
    }

    private async Task<VolumeResponse?> InspectVolumeOrNullAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Volumes.InspectAsync(name, cancellationToken);
        }
        catch (DockerApiException failure) when (failure.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static void DemandOwned(StackSpec stack, string kind, string name, IDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue(StackSpec.Label, out var owner) || owner != stack.Name)
        {
            throw new DashboardsException(
                $"a {kind} named {name} exists but does not belong to the {stack.Name} stack (no label {StackSpec.Label}={stack.Name}): " +
                $"remove or rename it ('docker {kind} rm {name}') and try again");
        }
    }

    /// <summary>
    /// An existing container keeps the image and ports it was created with; starting it
    /// as if it had the new ones would report a Grafana on a port that nothing serves.
    /// Environment is not compared: secrets such as a fresh admin password differ by design.
    /// </summary>
    private static void DemandSameShape(ContainerSpec spec, ContainerInspectResponse existing)
    {
        if (existing.Config.Image != spec.Image)
        {
            throw new DashboardsException(
                $"container {spec.Name} exists with image {existing.Config.Image}, not {spec.Image}: take the stack down and bring it up again to recreate it");
        }

        var bindings = existing.HostConfig.PortBindings ?? new Dictionary<string, IList<PortBinding>>();
        foreach (var port in spec.Ports.Where(p => p.HostPort != 0))
        {
            var matches = bindings.TryGetValue(port.Key, out var found)
                && found.Any(b => b.HostPort == port.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture) && NormalHostIp(b.HostIP) == NormalHostIp(port.HostIp));
            if (!matches)
            {
                var had = found is null ? "no binding" : string.Join(", ", found.Select(b => $"{NormalHostIp(b.HostIP)}:{b.HostPort}"));
                throw new DashboardsException(
                    $"container {spec.Name} exists with port {port.ContainerPort} published on {had}, not {port.HostIp}:{port.HostPort}: take the stack down and bring it up again to recreate it");
            }
        }
    }

    private static string NormalHostIp(string? hostIp) => string.IsNullOrEmpty(hostIp) ? "0.0.0.0" : hostIp;

    private static void DemandBindSourcesExist(ContainerSpec spec)
    {
        foreach (var mount in spec.BindMounts.Where(m => !Path.Exists(m.HostPath)))
        {
            throw new DashboardsException($"container {spec.Name} mounts {mount.HostPath}, which does not exist on this machine");
        }
    }

    /// <summary>
    /// The engine would report a taken port only after the container was created, in a
    /// long message about iptables and proxies; binding first names the port plainly.
    /// </summary>
    private static void DemandPortsFree(ContainerSpec spec)
    {
        foreach (var port in spec.Ports.Where(p => p.HostPort != 0))
        {
            if (!PortProbe.IsFree(port.HostIp, port.HostPort))
            {
                throw new PortInUseException(spec.Name, port);
            }
        }
    }
}
