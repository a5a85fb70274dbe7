using Testbed.Control.Contracts;
using Testbed.Results.Files;

namespace Testbed.Control.Cluster;

/// <summary>
/// Assembles one run directory at the coordinator from what each host recorded. Every host's
/// files are kept as they came under hosts/HOST/; the rows of each results file are also added
/// to the coordinator's file of the same name (its header once), and events to events.jsonl.
/// The hosts' rows are on the run's clock already: each host started its clock at the
/// coordinator's zero, corrected by its measured offset.
/// </summary>
public static class ClusterResults
{
    /// <summary>Files that describe a host, not the run: kept under hosts/HOST/ only.</summary>
    private static readonly HashSet<string> OwnFiles = new(StringComparer.Ordinal)
    {
        ResultsFileNames.Environment, ResultsFileNames.Log, ResultsFileNames.Summary, ResultsFileNames.Experiment,
    };

    public const string HostsFolder = "hosts";

    public static async Task MergeAsync(RunRecorder recorder, string host, IReadOnlyList<RunFile> files, CancellationToken cancellationToken)
    {
        var runDirectory = recorder.Directory;
        var kept = Directory.CreateDirectory(Path.Combine(runDirectory, HostsFolder, host)).FullName;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.Name);
            await File.WriteAllBytesAsync(Path.Combine(kept, name), file.Content, cancellationToken);
            if (OwnFiles.Contains(name))
            {
                continue;
            }

            var target = Path.Combine(runDirectory, name);
            var text = System.Text.Encoding.UTF8.GetString(file.Content);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (name.EndsWith(".csv", StringComparison.Ordinal) && File.Exists(target))
            {
                var header = File.ReadLines(target).FirstOrDefault();
                if (lines.Length == 0 || lines[0] != header)
                {
                    throw new InvalidDataException($"{host}'s {name} has other columns than the coordinator's: it is kept under {HostsFolder}/{host}/ only");
                }

                lines = lines[1..];
            }

            // Through the coordinator's recorder, which may still be writing these files.
            if (lines.Length > 0)
            {
                recorder.AppendLines(name, lines);
            }
        }
    }
}
