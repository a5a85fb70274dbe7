using System.Globalization;
using System.Text;

namespace Testbed.Qemu.Image;

/// <summary>
/// Writes the "newc" cpio format the kernel unpacks as an initramfs. Everything that could
/// vary between builds (times, owners, inode numbers) is fixed, so the same entries in
/// the same order always give the same bytes: the image can be content-addressed.
/// </summary>
internal sealed class NewcArchiveWriter(Stream output)
{
    private const int Directory = 0x4000;
    private const int RegularFile = 0x8000;
    private const int CharacterDevice = 0x2000;
    private int _inode = 1;

    public void AddDirectory(string path, int permissions = 0x1ED /* 0755 */) =>
        WriteEntry(path, Directory | permissions, links: 2, []);

    public void AddFile(string path, ReadOnlySpan<byte> content, int permissions) =>
        WriteEntry(path, RegularFile | permissions, links: 1, content);

    /// <summary>A device node, such as /dev/console (5, 1), which the kernel opens for init before any file system is mounted.</summary>
    public void AddCharacterDevice(string path, int major, int minor, int permissions = 0x180 /* 0600 */) =>
        WriteEntry(path, CharacterDevice | permissions, links: 1, [], device: (major, minor));

    /// <summary>The end-of-archive entry; nothing may be added after it.</summary>
    public void Finish() => WriteEntry("TRAILER!!!", 0, links: 1, [], countsAsInode: false);

    private void WriteEntry(string path, int mode, int links, ReadOnlySpan<byte> content, bool countsAsInode = true, (int Major, int Minor) device = default)
    {
        var name = Encoding.UTF8.GetBytes(path.TrimStart('/') + "\0");
        var inode = countsAsInode ? _inode++ : 0;
        var header = new StringBuilder("070701");
        foreach (var field in (long[])[inode, mode, 0, 0, links, 0, content.Length, 0, 0, device.Major, device.Minor, name.Length, 0])
        {
            header.Append(field.ToString("X8", CultureInfo.InvariantCulture));
        }

        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        output.Write(name);
        Pad(110 + name.Length);
        output.Write(content);
        Pad(content.Length);
    }

    /// <summary>Header plus name, and data, are each padded to a multiple of four bytes.</summary>
    private void Pad(long written)
    {
        var padding = (int)((4 - (written % 4)) % 4);
        output.Write(new byte[padding]);
    }
}
