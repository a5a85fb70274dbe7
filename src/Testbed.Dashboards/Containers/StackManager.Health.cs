using System.Globalization;
using System.Net.Sockets;
using Docker.DotNet.Models;
using Testbed.Lab.Timing;

namespace Testbed.Dashboards.Containers;

public sealed partial class StackManager
{
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HttpProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Polls until the container's health check passes. A container that exits (or keeps
    /// restarting) fails at once rather than at the deadline, and every failure quotes the
    /// container's last log lines: that is where the reason is.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, int>> WaitHealthyAsync(
        ContainerSpec spec, string id, DateTime deadline, TimeSpan allowed, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = HttpProbeTimeout };
        var problem = "no check has run yet";
        var expired = new TimeoutException();
        try
        {
            return await WaitUntil.FoundAsync(Look, deadline - DateTime.UtcNow, HealthPollInterval, () => expired, cancellationToken: cancellationToken);
        }
        catch (TimeoutException e) when (e == expired)
        {
            throw await UnhealthyAsync(spec, id, $"did not become healthy within {allowed.TotalSeconds:0} s ({problem})", cancellationToken);
        }

        // The container's published ports once it is healthy; null while it is not yet.
        async Task<IReadOnlyDictionary<int, int>?> Look(CancellationToken cancellationToken)
        {
            var container = await docker.Containers.InspectContainerAsync(id, cancellationToken);
            var state = container.State;
            if (state.Restarting)
            {
                throw await UnhealthyAsync(spec, id, $"keeps exiting (last exit code {state.ExitCode}) and being restarted", cancellationToken);
            }

            if (!state.Running)
            {
                var error = string.IsNullOrEmpty(state.Error) ? "" : $" ({state.Error})";
                throw await UnhealthyAsync(spec, id, $"exited with code {state.ExitCode}{error}", cancellationToken);
            }

            var ports = HostPortsOf(container);
            switch (spec.HealthCheck)
            {
                case null:
                    return ports;
                case HttpHealthCheck check:
                    var answer = await ProbeHttpAsync(http, spec, check, ports, cancellationToken);
                    if (answer is null)
                    {
                        return ports;
                    }

                    problem = answer;
                    break;
                case EngineHealthCheck:
                    var health = state.Health?.Status;
                    if (health is null or "none")
                    {
                        throw new DashboardsException($"container {spec.Name} has no health check: its image has no HEALTHCHECK and its spec gives none");
                    }

                    if (health == "healthy")
                    {
                        return ports;
                    }

                    var lastCheck = state.Health!.Log?.LastOrDefault()?.Output?.Trim();
                    problem = string.IsNullOrEmpty(lastCheck) ? $"the engine reports it {health}" : $"the engine reports it {health}: {lastCheck}";
                    if (health == "unhealthy")
                    {
                        throw await UnhealthyAsync(spec, id, $"is unhealthy ({problem})", cancellationToken);
                    }

                    break;
            }

            return null;
        }
    }

    /// <summary>Null when the GET answered 2xx; otherwise what went wrong, for the timeout message.</summary>
    private static async Task<string?> ProbeHttpAsync(
        HttpClient http, ContainerSpec spec, HttpHealthCheck check, Dictionary<int, int> hostPorts, CancellationToken cancellationToken)
    {
        var published = spec.Ports.FirstOrDefault(p => p.ContainerPort == check.ContainerPort);
        if (published is null || !hostPorts.TryGetValue(check.ContainerPort, out var hostPort))
        {
            throw new DashboardsException($"container {spec.Name}'s health check uses port {check.ContainerPort}, which it does not publish");
        }

        var uri = new UriBuilder("http", ReachableHost(published.HostIp), hostPort, check.Path).Uri;
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            return response.IsSuccessStatusCode
                ? null
                : $"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException failure)
        {
            return $"GET {uri}: {failure.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"GET {uri}: no answer within {HttpProbeTimeout.TotalSeconds:0} s";
        }
        catch (SocketException failure)
        {
            return $"GET {uri}: {failure.Message}";
        }
    }

    /// <summary>A port published on every interface is reached here through the loopback.</summary>
    internal static string ReachableHost(string hostIp) => hostIp switch
    {
        "" or "0.0.0.0" => "127.0.0.1",
        "::" => "[::1]",
        _ when hostIp.Contains(':', StringComparison.Ordinal) => $"[{hostIp}]",
        _ => hostIp,
    };

    /// <summary>Container port to the host port the engine actually bound (it chose one where the spec said 0).</summary>
    private static Dictionary<int, int> HostPortsOf(ContainerInspectResponse container)
    {
        var ports = new Dictionary<int, int>();
        foreach (var (key, bindings) in container.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            var containerPort = key.Split('/')[0];
            var hostPort = bindings?.Select(b => b.HostPort).FirstOrDefault(p => !string.IsNullOrEmpty(p));
            if (hostPort is not null
                && int.TryParse(containerPort, NumberStyles.None, CultureInfo.InvariantCulture, out var inside)
                && int.TryParse(hostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var outside))
            {
                ports[inside] = outside;
            }
        }

        return ports;
    }
}
