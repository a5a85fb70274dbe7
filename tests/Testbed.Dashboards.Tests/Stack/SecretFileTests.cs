using Testbed.Dashboards.Stack;
using Testbed.TestSupport;

namespace Testbed.Dashboards.Tests.Stack;

public sealed class SecretFileTests : ScratchRootTest
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void A_secret_is_written_0600_in_a_directory_only_its_owner_enters()
    {
        var path = Path.Combine(Scratch.Path, "dashboards", "postgres-password");

        SecretFile.Write(path, "s3cret\n");

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal("s3cret", SecretFile.ReadLine(path));
        Assert.False(File.Exists(path + ".new"));
    }

    [Fact]
    public void Rewriting_a_file_that_others_could_read_leaves_it_0600()
    {
        var path = Path.Combine(Scratch.Path, "results-db");
        File.WriteAllText(path, "old\n");
        File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        SecretFile.Write(path, "new\n");

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal("new", SecretFile.ReadLine(path));
    }

    [Fact]
    public void A_missing_secret_reads_as_null()
    {
        Assert.Null(SecretFile.ReadLine(Path.Combine(Scratch.Path, "absent")));
    }
}
