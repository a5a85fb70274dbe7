using Testbed.Lab.Machine;
using Testbed.Lab.Processes;
using Testbed.Qemu.Image;

namespace Testbed.Qemu.Tests.Image;

public sealed class GuestImageBuilderTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("images-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private static string Kernel => GuestKernel.Find() ?? throw new InvalidOperationException("no guest kernel: run 'sudo testbed/provision.sh'");

    [Fact]
    public async Task The_same_inputs_give_the_same_image_and_it_is_written_once()
    {
        var first = await GuestImageBuilder.BuildAsync(Kernel, GuestBinary.Locate(), _cache);
        var written = File.GetLastWriteTimeUtc(first.Initramfs);
        var second = await GuestImageBuilder.BuildAsync(Kernel, GuestBinary.Locate(), _cache);

        Assert.Equal(first, second with { Modules = first.Modules });
        Assert.Equal(first.Modules, second.Modules);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.Initramfs));
        Assert.Single(Directory.GetDirectories(_cache));
    }

    [Fact]
    public async Task Other_inputs_give_another_image()
    {
        var guest = GuestBinary.Locate();
        var altered = Path.Combine(_cache, "testbed-guest");
        File.Copy(guest, altered);
        await File.AppendAllTextAsync(altered, "\0");

        var original = await GuestImageBuilder.BuildAsync(Kernel, guest, _cache);
        var other = await GuestImageBuilder.BuildAsync(Kernel, altered, _cache);

        Assert.NotEqual(original.Id, other.Id);
    }

    [Fact]
    public async Task Init_is_testbed_guest_and_each_module_comes_after_its_dependencies()
    {
        var image = await GuestImageBuilder.BuildAsync(Kernel, GuestBinary.Locate(), _cache);
        var extracted = Directory.CreateDirectory(Path.Combine(_cache, "out")).FullName;

        await CommandRunner.RunCheckedAsync("sh", ["-c", "cd \"$2\" && cpio -id --quiet init modules.load 'lib/modules/*' < \"$1\"", "sh", image.Initramfs, extracted]);

        Assert.Equal(await File.ReadAllBytesAsync(GuestBinary.Locate()), await File.ReadAllBytesAsync(Path.Combine(extracted, "init")));
        var order = (await File.ReadAllLinesAsync(Path.Combine(extracted, "modules.load"))).ToList();
        Assert.Equal(image.Modules, order);
        Assert.Contains("/lib/modules/virtio_net.ko", order);
        Assert.Contains("/lib/modules/virtio_pci.ko", order);
        foreach (var module in order)
        {
            var depends = await CommandRunner.RunCheckedAsync("modinfo", ["-F", "depends", Path.Combine(extracted, module.TrimStart('/'))]);
            foreach (var dependency in depends.StandardOutput.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(order.IndexOf($"/lib/modules/{dependency}.ko") < order.IndexOf(module), $"{dependency} must load before {module}");
            }
        }
    }

    [Fact]
    public async Task A_program_asked_for_comes_at_its_own_path_with_every_library_it_needs()
    {
        var program = GuestImageBuilder.ToolPrograms[0];
        var image = await GuestImageBuilder.BuildAsync(Kernel, GuestBinary.Locate(), _cache, [program]);
        var listing = await CommandRunner.RunCheckedAsync("sh", ["-c", "cpio -it --quiet < \"$1\"", "sh", image.Initramfs]);
        var files = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(f => "/" + f).ToHashSet();
        var needed = await CommandRunner.RunCheckedAsync("ldd", [program]);

        Assert.Contains(program, files);
        Assert.Contains("/tmp", files);
        foreach (var library in needed.StandardOutput.Split('\n').Select(l => l.Split("=>").Last().Trim().Split(' ')[0]).Where(l => l.StartsWith('/')))
        {
            Assert.Contains(library, files);
        }

        Assert.NotEqual((await GuestImageBuilder.BuildAsync(Kernel, GuestBinary.Locate(), _cache)).Id, image.Id);
    }
}
