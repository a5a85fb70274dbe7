using Testbed.Lab.Processes;

namespace Testbed.Qemu.Image;

/// <summary>
/// Finds kernel modules in a modules tree (lib/modules/RELEASE) and orders them so that
/// each comes after the modules it depends on, as modprobe would; the guest has no
/// modprobe, only this list. Modules built into the kernel are left out.
/// </summary>
internal sealed class KernelModules
{
    private readonly string _tree;
    private readonly Dictionary<string, string> _files;
    private readonly HashSet<string> _builtIn;

    public KernelModules(string tree)
    {
        _tree = tree;
        _files = System.IO.Directory.EnumerateFiles(tree, "*.ko*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".ko", StringComparison.Ordinal) || f.EndsWith(".ko.zst", StringComparison.Ordinal) || f.EndsWith(".ko.xz", StringComparison.Ordinal))
            .GroupBy(NameOf)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var builtInList = Path.Combine(tree, "modules.builtin");
        _builtIn = File.Exists(builtInList)
            ? [.. File.ReadLines(builtInList).Select(NameOf)]
            : [];
    }

    /// <summary>The files to load, dependencies first, for the named modules.</summary>
    public async Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> wanted, CancellationToken cancellationToken = default)
    {
        var order = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            await VisitAsync(Normalize(name), order, visiting, done, cancellationToken);
        }

        return order;
    }

    private async Task VisitAsync(string name, List<string> order, HashSet<string> visiting, HashSet<string> done, CancellationToken cancellationToken)
    {
        if (done.Contains(name))
        {
            return;
        }

        if (!_files.TryGetValue(name, out var file))
        {
            if (_builtIn.Contains(name))
            {
                done.Add(name);
                return;
            }

            throw new InvalidOperationException($"kernel module {name} is neither in {_tree} nor built in");
        }

        if (!visiting.Add(name))
        {
            throw new InvalidOperationException($"kernel module {name} depends on itself");
        }

        var depends = await CommandRunner.RunCheckedAsync("modinfo", ["-F", "depends", file], cancellationToken);
        foreach (var dependency in depends.StandardOutput.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await VisitAsync(Normalize(dependency), order, visiting, done, cancellationToken);
        }

        visiting.Remove(name);
        done.Add(name);
        order.Add(file);
    }

    /// <summary>"kernel/drivers/net/virtio_net.ko.zst" to "virtio_net"; '-' and '_' are the same in module names.</summary>
    private static string NameOf(string path)
    {
        var file = Path.GetFileName(path);
        return Normalize(file[..file.IndexOf(".ko", StringComparison.Ordinal)]);
    }

    private static string Normalize(string name) => name.Replace('-', '_');
}
