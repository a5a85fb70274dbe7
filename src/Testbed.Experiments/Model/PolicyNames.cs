namespace Testbed.Experiments.Model;

/// <summary>The names experiment files and the command line use for the policies.</summary>
public static class PolicyNames
{
    private static readonly Dictionary<PolicyKind, string> Names = new()
    {
        [PolicyKind.Static] = "static",
        [PolicyKind.Scripted] = "scripted",
        [PolicyKind.FollowUsers] = "follow-users",
        [PolicyKind.ReplicateOnDemand] = "replicate-on-demand",
    };

    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Name(PolicyKind kind) => Names[kind];

    public static PolicyKind Parse(string name) =>
        Names.FirstOrDefault(n => n.Value == name) is { Value: not null } found
            ? found.Key
            : throw new ArgumentException($"unknown policy '{name}' (known: {string.Join(", ", All)})", nameof(name));
}
