namespace Testbed.TestSupport;

/// <summary>Names for namespaces and interfaces that no other test or run uses; at most 11 characters, inside the 15 Linux allows.</summary>
public static class UniqueName
{
    public static string Next(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];
}
