using Testbed.Lab.Machine;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Tests.Machine;

/// <summary>The machine facts, checked against what other tools on the machine say.</summary>
public sealed class MachineTests
{
    [Fact]
    public async Task Libpython_is_the_distro_python_s_own_library_and_really_loads()
    {
        var (library, detail) = await LibPython.LocateAsync();

        Assert.True(library is not null, detail);
        Assert.True(File.Exists(library.Path));
        var python = await CommandRunner.RunCheckedAsync(LibPython.DistroPython, ["--version"]);
        Assert.Equal($"Python {library.Version}", python.StandardOutput.Trim());
    }

    [Fact]
    public async Task Cpus_and_memory_match_nproc_and_free()
    {
        var nproc = await CommandRunner.RunCheckedAsync("nproc", []);
        var free = await CommandRunner.RunCheckedAsync("free", ["--kibi"]);
        var totalKib = double.Parse(free.StandardOutput.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(int.Parse(nproc.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture), MachineResources.Cpus);
        Assert.Equal(totalKib / (1024 * 1024), MachineResources.MemoryGib(), 0.06);
    }
}
