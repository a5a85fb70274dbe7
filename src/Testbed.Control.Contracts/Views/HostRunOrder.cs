namespace Testbed.Control.Contracts;

/// <summary>
/// What a lab machine needs to take its part in a run over several: the experiment as the
/// coordinator wrote it (experiment.yaml), the host of every topology node and data center,
/// the hosts' addresses, the tunnels' first network identifier, the cluster the run's silos
/// form, and this host's clock offset from the coordinator's, for the run's clock.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record HostRunOrder(
    string RunId, string ExperimentYaml, IReadOnlyDictionary<string, string> NodeHosts, IReadOnlyDictionary<string, string> HostAddresses, int VniBase,
    string LinkEmulation, string Coordinator, double ClockOffsetMs);
