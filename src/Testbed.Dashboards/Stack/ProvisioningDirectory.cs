namespace Testbed.Dashboards.Stack;

/// <summary>
/// Finds the repository's testbed/grafana/provisioning: above the running program (the
/// CLI runs from the checkout's artifacts/), else above the working directory.
/// </summary>
public static class ProvisioningDirectory
{
    public static readonly string RelativePath = Path.Combine("testbed", "grafana", "provisioning");

    public static string Find() =>
        FindAbove(AppContext.BaseDirectory) ?? FindAbove(Environment.CurrentDirectory) ?? Path.Combine(Environment.CurrentDirectory, RelativePath);

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
