namespace Testbed.TestSupport;

/// <summary>The checkout the tests were built from: the folder holding Testbed.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Testbed.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Testbed.sln above {AppContext.BaseDirectory}");
    }
}
