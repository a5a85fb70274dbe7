using Testbed.Lab.Machine;

namespace Testbed.Lab.Tests.Machine;

public sealed class GuestKernelTests : IDisposable
{
    private readonly string _boot = Directory.CreateTempSubdirectory("boot-").FullName;

    public void Dispose() => Directory.Delete(_boot, recursive: true);

    private string Add(string name)
    {
        var path = Path.Combine(_boot, name);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void The_newest_cloud_kernel_wins_by_number_not_by_text()
    {
        Add("vmlinuz-6.1.0-9-cloud-amd64");
        var newest = Add("vmlinuz-6.1.0-56-cloud-amd64");
        Add("vmlinuz-6.1.0-60-generic");
        Add("config-6.1.0-99-cloud-amd64");

        Assert.Equal(newest, GuestKernel.Find(_boot));
    }

    [Fact]
    public void Ubuntu_s_generic_kernel_is_used_when_there_is_no_cloud_kernel()
    {
        var generic = Add("vmlinuz-6.8.0-45-generic");

        Assert.Equal(generic, GuestKernel.Find(_boot));
    }

    [Fact]
    public void No_kernel_is_no_kernel()
    {
        Assert.Null(GuestKernel.Find(_boot));
        Assert.Null(GuestKernel.Find(Path.Combine(_boot, "absent")));
    }
}
