namespace Testbed.Control.Contracts.Grains;

/// <summary>"DATACENTER/SERVICE": the key of a <see cref="IVirtualMachineGrain"/>, data center first so placement can read it.</summary>
public static class VirtualMachineKey
{
    public static string Of(string dataCenter, string service) => $"{dataCenter}/{service}";

    public static (string DataCenter, string Service) Parse(string key) =>
        key.Split('/') is [var dataCenter, var service] && dataCenter.Length > 0 && service.Length > 0
            ? (dataCenter, service)
            : throw new ArgumentException($"'{key}' is not DATACENTER/SERVICE", nameof(key));

    /// <summary>The data center in a grain key: all of it for data center and router grains, the first part for VM grains.</summary>
    public static string DataCenterOf(string key) => key.Split('/')[0];
}
