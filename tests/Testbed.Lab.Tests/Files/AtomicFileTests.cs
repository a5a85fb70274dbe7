using Testbed.Lab.Files;

namespace Testbed.Lab.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tbt-atomic-");

    [Fact]
    public async Task A_file_is_replaced_whole_and_no_temporary_file_stays()
    {
        var path = Path.Combine(_directory.FullName, "summary.json");
        AtomicFile.WriteAllText(path, new string('x', 100_000));

        await AtomicFile.WriteAllTextAsync(path, "{\"completed\": false}\n");

        Assert.Equal("{\"completed\": false}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory.FullName));
    }

    [Fact]
    public void A_write_that_fails_leaves_the_previous_version_and_no_temporary_file()
    {
        var path = Path.Combine(_directory.FullName, "sweep.json");
        AtomicFile.WriteAllText(path, "before");

        // A directory where the file would go: the rename fails after the text was written.
        var blocked = Path.Combine(_directory.FullName, "blocked");
        Directory.CreateDirectory(blocked);
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(blocked, "after"));

        Assert.Equal("before", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory.FullName));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
