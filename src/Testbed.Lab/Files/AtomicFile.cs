using System.Text;

namespace Testbed.Lab.Files;

/// <summary>
/// A file written whole or not at all: the text goes to a temporary file beside it, reaches
/// the disk, and is renamed over the old one, so that a crash or a full disk mid-write leaves
/// the previous version (or none), never half of one. For the files other programs read while
/// the testbed runs or after it died: summaries, manifests, pid files.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var temporary = TemporaryFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        var temporary = TemporaryFor(path);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>In the same directory, so the rename stays on one file system; named by process, so two writers never share one.</summary>
    private static string TemporaryFor(string path) => $"{path}.{Environment.ProcessId}.tmp";
}
