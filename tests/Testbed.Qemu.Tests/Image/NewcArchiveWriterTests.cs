using System.Text;
using Testbed.Lab.Processes;
using Testbed.Qemu.Image;

namespace Testbed.Qemu.Tests.Image;

/// <summary>The archive format, read back by GNU cpio, a reader no one here wrote.</summary>
public sealed class NewcArchiveWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("newc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Archive()
    {
        using var stream = new MemoryStream();
        var writer = new NewcArchiveWriter(stream);
        writer.AddDirectory("/lib");
        writer.AddCharacterDevice("/dev/console", 5, 1);
        writer.AddFile("/init", Encoding.ASCII.GetBytes("odd length!"), 0x1ED);
        writer.AddFile("/lib/data", [1, 2, 3, 4, 5, 6, 7, 8], 0x1A4);
        writer.Finish();
        return stream.ToArray();
    }

    [Fact]
    public async Task Cpio_lists_every_entry_with_its_type_mode_and_device_numbers()
    {
        var path = Path.Combine(_directory, "a.cpio");
        await File.WriteAllBytesAsync(path, Archive());

        var listing = await CommandRunner.RunCheckedAsync("sh", ["-c", "cpio -itv < \"$1\"", "sh", path]);
        var lines = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("drwxr-xr-x", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" lib", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^crw------- .* 5,\s+1 .* dev/console$", lines[1]);
        Assert.Matches(@"^-rwxr-xr-x .* 11 .* init$", lines[2]);
        Assert.Matches(@"^-rw-r--r-- .* 8 .* lib/data$", lines[3]);
    }

    [Fact]
    public async Task Cpio_extracts_the_contents_unchanged()
    {
        var path = Path.Combine(_directory, "a.cpio");
        var extracted = Directory.CreateDirectory(Path.Combine(_directory, "out")).FullName;
        await File.WriteAllBytesAsync(path, Archive());

        await CommandRunner.RunCheckedAsync("sh", ["-c", "cd \"$2\" && cpio -id --quiet lib lib/data init < \"$1\"", "sh", path, extracted]);

        Assert.Equal("odd length!", await File.ReadAllTextAsync(Path.Combine(extracted, "init")));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], await File.ReadAllBytesAsync(Path.Combine(extracted, "lib", "data")));
    }

    [Fact]
    public void The_same_entries_give_the_same_bytes()
    {
        Assert.Equal(Archive(), Archive());
    }
}
