namespace Testbed.Cli;

/// <summary>Namespaces, taps, qdiscs and /dev/kvm need root; say so before trying.</summary>
internal static class RootRequirement
{
    public static void Demand(string command)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UserFacingException($"'{command}' needs root (namespaces, interfaces, processes): run 'sudo testbed/testbed {command}'");
        }
    }
}
