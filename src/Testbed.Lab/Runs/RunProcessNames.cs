namespace Testbed.Lab.Runs;

/// <summary>The names a run gives its long-lived helper processes (pid file, log), made and read by this one definition.</summary>
public static class RunProcessNames
{
    public const string RouterPrefix = "router-";
    public const string ClientPrefix = "client-";

    /// <summary>The smart router of <paramref name="dataCenter"/>.</summary>
    public static string Router(string dataCenter) => RouterPrefix + dataCenter;

    /// <summary>The testbed-client of user group <paramref name="group"/>.</summary>
    public static string Client(string group) => ClientPrefix + group;
}
