namespace Testbed.Dashboards.Stack;

/// <summary>
/// Files that hold a password: mode 0600 from the moment they exist (created under
/// that mode, never chmod-ed afterwards), in a directory only root can enter, and
/// replaced by rename so that a reader never sees half a secret.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    public static void Write(string path, string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            // Only the secrets' own directory is closed; its parents keep the usual modes.
            Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = path + ".new";
        File.Delete(temporary);
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnly,
        }))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(content);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The first line of the file, or null when there is no such file.</summary>
    public static string? ReadLine(string path) =>
        File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
}
