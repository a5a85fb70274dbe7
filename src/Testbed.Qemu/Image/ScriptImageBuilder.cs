using System.Text;

namespace Testbed.Qemu.Image;

/// <summary>
/// An image of the guest kernel whose /init is a shell script, run by the host's static
/// busybox, with host programs (and the libraries they need) at their own paths and kernel
/// modules loaded before it. It is for checks that need the guest kernel rather than the
/// host's: the netem path, on a host whose kernel has no sch_netem. The script's output
/// goes to the console (ttyS0); the guest powers off when it ends, printing its exit status
/// as the last line: <see cref="ExitMarker"/> N.
/// </summary>
public static class ScriptImageBuilder
{
    /// <summary>Debian's busybox-static: the only binary of the image that needs no library.</summary>
    public const string Busybox = "/bin/busybox";

    /// <summary>The line the guest prints last, followed by the script's exit status.</summary>
    public const string ExitMarker = "testbed-script-exit:";

    private const int Executable = 0x1ED; // 0755
    private const int Readable = 0x1A4;   // 0644

    /// <summary>
    /// PID 1: mounts, the modules in order, the applets on a PATH after the real programs,
    /// then the script. A failing module is fatal, so a check never runs on a kernel that
    /// lacks what it tests.
    /// </summary>
    private static readonly string Init = $$"""
        #!/bin/busybox sh
        /bin/busybox mkdir -p /proc /sys /dev /run /tmp /applets
        /bin/busybox --install -s /applets
        export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/applets
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        mount -t tmpfs -o mode=0755 tmpfs /run
        status=0
        for module in $(cat /modules.load); do
          insmod "$module" || { echo "insmod $module failed"; status=125; }
        done
        if [ "$status" -eq 0 ]; then
          ip link set lo up
          sh /script.sh
          status=$?
        fi
        echo "{{ExitMarker}} $status"
        poweroff -f
        """;

    /// <param name="kernel">The guest kernel (its modules tree is beside it, as provision.sh unpacks it).</param>
    /// <param name="script">The check, a POSIX shell script.</param>
    /// <param name="programs">Host programs the script runs, copied with their libraries at the same paths.</param>
    /// <param name="modules">Kernel modules to load first, dependencies found and loaded before them.</param>
    /// <param name="directory">Where the image goes; it is the caller's, and is not a cache.</param>
    public static async Task<GuestImage> BuildAsync(
        string kernel, string script, IReadOnlyList<string> programs, IReadOnlyList<string> modules, string directory, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Busybox))
        {
            throw new FileNotFoundException($"{Busybox} is missing: run 'sudo testbed/provision.sh --test-tools' (Debian's busybox-static)");
        }

        var release = Path.GetFileName(kernel)["vmlinuz-".Length..];
        var modulesTree = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(kernel))!, "lib", "modules", release);
        var moduleFiles = await new KernelModules(modulesTree).ResolveAsync([.. GuestImageBuilder.GuestModules, .. modules], cancellationToken);
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var program in programs)
        {
            libraries.UnionWith(await SharedLibraries.OfAsync(program, cancellationToken));
        }

        var archive = new MemoryStream();
        var writer = new NewcArchiveWriter(archive);
        var guestModules = moduleFiles.Select(m => "/lib/modules/" + GuestImageBuilder.ModuleFileName(m)).ToList();
        foreach (var folder in GuestImageBuilder.WithParents(["/bin", "/dev", "/lib/modules", .. libraries.Concat(programs).Select(l => Path.GetDirectoryName(l)!)]))
        {
            writer.AddDirectory(folder);
        }

        writer.AddCharacterDevice("/dev/console", 5, 1);
        writer.AddFile(Busybox, await File.ReadAllBytesAsync(Busybox, cancellationToken), Executable);
        writer.AddFile("/init", Encoding.UTF8.GetBytes(Init + "\n"), Executable);
        // Debian's busybox shell runs its own applets before anything on PATH (its ip, ping...),
        // and a shell function comes before an applet: so each program is a function first.
        var wrappers = string.Concat(programs.Select(p => $"{Path.GetFileName(p)}() {{ {p} \"$@\"; }}\n"));
        writer.AddFile("/script.sh", Encoding.UTF8.GetBytes(wrappers + script), Readable);
        foreach (var file in libraries.Concat(programs))
        {
            writer.AddFile(file, await File.ReadAllBytesAsync(file, cancellationToken), Executable);
        }

        for (var i = 0; i < moduleFiles.Count; i++)
        {
            writer.AddFile(guestModules[i], await GuestImageBuilder.ReadModuleAsync(moduleFiles[i], cancellationToken), Readable);
        }

        writer.AddFile("/modules.load", Encoding.UTF8.GetBytes(string.Join('\n', guestModules) + "\n"), Readable);
        writer.Finish();

        Directory.CreateDirectory(directory);
        var image = new GuestImage("script", directory, Path.Combine(directory, "vmlinuz"), Path.Combine(directory, "initramfs.cpio"), guestModules);
        File.Copy(kernel, image.Kernel, overwrite: true);
        await File.WriteAllBytesAsync(image.Initramfs, archive.ToArray(), cancellationToken);
        return image;
    }
}
