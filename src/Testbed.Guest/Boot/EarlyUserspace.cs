using Microsoft.Win32.SafeHandles;

namespace Testbed.Guest.Boot;

/// <summary>What an init does before anything can run: file systems, then drivers.</summary>
internal static class EarlyUserspace
{
    /// <summary>Mounts /proc, /sys and /dev; the kernel gives PID 1 nothing else.</summary>
    public static void MountFileSystems()
    {
        Mount("proc", "/proc", "proc");
        Mount("sysfs", "/sys", "sysfs");
        Mount("devtmpfs", "/dev", "devtmpfs");
    }

    /// <summary>Loads the modules in /modules.load, in the order the image builder resolved from their dependencies.</summary>
    public static unsafe void LoadModules(string listPath = "/modules.load")
    {
        if (!File.Exists(listPath))
        {
            return;
        }

        foreach (var module in File.ReadAllLines(listPath).Where(l => l.Length > 0))
        {
            using SafeFileHandle file = File.OpenHandle(module);
            byte empty = 0;
            if (Libc.Syscall(Libc.SysFinitModule, (int)file.DangerousGetHandle(), &empty, 0) != 0
                && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Libc.EExist)
            {
                throw new InvalidOperationException($"cannot load {module}: {Libc.LastError()}");
            }
        }
    }

    private static void Mount(string source, string target, string type)
    {
        Directory.CreateDirectory(target);
        if (Libc.Mount(source, target, type, 0, null) != 0)
        {
            throw new InvalidOperationException($"cannot mount {type} on {target}: {Libc.LastError()}");
        }
    }
}
