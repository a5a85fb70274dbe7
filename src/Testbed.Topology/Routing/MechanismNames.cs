namespace Testbed.Topology.Routing;

/// <summary>The names experiment files and the command line use for the mechanisms.</summary>
public static class MechanismNames
{
    private static readonly Dictionary<MechanismKind, string> Names = new()
    {
        [MechanismKind.Overlay] = "overlay",
        [MechanismKind.HomeTunnel] = "home-tunnel",
        [MechanismKind.L2Stretch] = "l2-stretch",
        [MechanismKind.Readdress] = "readdress",
    };

    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Name(this MechanismKind kind) => Names[kind];

    public static MechanismKind Parse(string name) =>
        Names.FirstOrDefault(n => n.Value == name) is { Value: not null } found
            ? found.Key
            : throw new ArgumentException($"unknown mechanism '{name}' (known: {string.Join(", ", All)})", nameof(name));
}
