using Testbed.Lab.Cleaning;
using Testbed.Lab.Runs;

namespace Testbed.TestSupport;

/// <summary>
/// A runtime root of one test's own, so that a clean-up in one test never touches another
/// test's runs. Disposal cleans whatever the test left, pass or fail, then removes the root.
/// The path is short because Unix socket paths must stay under 108 bytes.
/// </summary>
public sealed class ScratchRuntimeRoot : IAsyncDisposable
{
    public ScratchRuntimeRoot()
    {
        Root = new RuntimeRoot(System.IO.Path.Combine("/tmp", UniqueName.Next("tbt")));
        Directory.CreateDirectory(Root.Path);
    }

    public RuntimeRoot Root { get; }

    public string Path => Root.Path;

    /// <summary>
    /// Where the `testbed` commands a test runs keep their results database: beside the
    /// runtime root, not in it, where it would pass for a run's directory.
    /// </summary>
    public static string ResultsFor(string runtimeRoot) => runtimeRoot + "-results";

    public async ValueTask DisposeAsync()
    {
        await LabCleaner.CleanAllAsync(Root, force: true);
        foreach (var directory in (string[])[Root.Path, ResultsFor(Root.Path)])
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
