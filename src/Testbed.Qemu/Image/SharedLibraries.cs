using Testbed.Lab.Processes;

namespace Testbed.Qemu.Image;

/// <summary>The shared libraries and loader a host binary needs, as ldd resolves them, so that the same files can go into the guest.</summary>
internal static class SharedLibraries
{
    public static async Task<IReadOnlyList<string>> OfAsync(string binary, CancellationToken cancellationToken = default)
    {
        var ldd = await CommandRunner.RunCheckedAsync("ldd", [binary], cancellationToken);
        var libraries = new List<string>();
        foreach (var line in ldd.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)", "/lib64/ld-linux-x86-64.so.2 (0x...)", "linux-vdso.so.1 (0x...)"
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = words.Length >= 3 && words[1] == "=>" ? words[2] : words[0];
            if (path.StartsWith('/'))
            {
                libraries.Add(path);
            }
            else if (words.Length >= 2 && words[1] == "=>" && words[2] == "not")
            {
                throw new InvalidOperationException($"{binary} needs {words[0]}, which is not found");
            }
        }

        return libraries;
    }
}
