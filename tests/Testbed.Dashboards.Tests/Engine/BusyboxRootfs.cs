using System.Formats.Tar;
using System.Text;

namespace Testbed.Dashboards.Tests.Engine;

/// <summary>
/// A root file system holding only Debian's static busybox and the applet links the
/// tests use, as a tar stream that the engine imports as an image (`docker import`).
/// Extra files (a page to serve, a stand-in program) can be added.
/// </summary>
internal static class BusyboxRootfs
{
    public const string Busybox = "/bin/busybox";

    private static readonly string[] Applets = ["sh", "httpd", "wget", "cat", "echo", "sleep", "true"];

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static MemoryStream Build(IReadOnlyDictionary<string, (string Content, bool Executable)> extraFiles)
    {
        if (!File.Exists(Busybox))
        {
            throw new InvalidOperationException($"{Busybox} is missing: run 'sudo testbed/provision.sh --test-tools' (Debian package busybox-static)");
        }

        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directories = new SortedSet<string>(StringComparer.Ordinal) { "bin" };
            foreach (var path in extraFiles.Keys)
            {
                for (var parent = Path.GetDirectoryName(path.TrimStart('/')); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
                {
                    directories.Add(parent);
                }
            }

            foreach (var directory in directories)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, directory + "/") { Mode = Executable });
            }

            using (var binary = File.OpenRead(Busybox))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = Executable, DataStream = binary });
            }

            foreach (var applet in Applets)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", Mode = Executable });
            }

            foreach (var (path, (content, executable)) in extraFiles)
            {
                using var data = new MemoryStream(Encoding.UTF8.GetBytes(content));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path.TrimStart('/'))
                {
                    Mode = executable ? Executable : Readable,
                    DataStream = data,
                });
            }
        }

        tar.Position = 0;
        return tar;
    }
}
