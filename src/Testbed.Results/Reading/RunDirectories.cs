namespace Testbed.Results.Reading;

/// <summary>Finds the runs under the paths a researcher names: a run's own directory, a sweep's, or an experiment's.</summary>
public static class RunDirectories
{
    /// <summary>
    /// Every run directory at or below each path, in order, each once. A path that is neither
    /// a directory nor holds a run fails with its name.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"{path}: no such directory");
            }

            var runs = Below(Path.GetFullPath(path)).ToList();
            if (runs.Count == 0)
            {
                throw new InvalidDataException($"{path}: holds no run (no directory with events.jsonl or summary.json)");
            }

            found.AddRange(runs.Where(seen.Add));
        }

        return found;
    }

    private static IEnumerable<string> Below(string directory)
    {
        if (RunResultsReader.IsRunDirectory(directory))
        {
            yield return directory;
            yield break;
        }

        foreach (var child in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            foreach (var run in Below(child))
            {
                yield return run;
            }
        }
    }
}
