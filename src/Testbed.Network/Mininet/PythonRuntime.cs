using Python.Runtime;
using Testbed.Lab.Machine;

namespace Testbed.Network.Mininet;

/// <summary>
/// The one embedded Python interpreter of this process: the distro's libpython (the one
/// Mininet is installed for), with the distro's packages and the testbed's helper module
/// on its path. Started once, never shut down: Python.NET's shutdown is not safe to run
/// while other threads may still hold Python objects, and the process exit frees it all.
/// </summary>
public static class PythonRuntime
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static bool s_started;

    /// <summary>Where Debian's python3-* packages, Mininet among them, are installed.</summary>
    public const string DistroPackages = "/usr/lib/python3/dist-packages";

    public static async Task EnsureStartedAsync(string helperDirectory, CancellationToken cancellationToken = default)
    {
        await StartLock.WaitAsync(cancellationToken);
        try
        {
            if (s_started)
            {
                return;
            }

            var (library, detail) = await LibPython.LocateAsync(cancellationToken);
            if (library is null)
            {
                throw new InvalidOperationException($"Python.NET needs the distro's libpython: {detail}; run 'sudo testbed/provision.sh'");
            }

            Runtime.PythonDLL = library.Path;
            PythonEngine.Initialize(setSysArgv: false, initSigs: false);
            using (Py.GIL())
            {
                dynamic sys = Py.Import("sys");
                foreach (var path in (string[])[DistroPackages, helperDirectory])
                {
                    if (!(bool)sys.path.__contains__(path))
                    {
                        sys.path.insert(0, path);
                    }
                }
            }

            // Let every other thread take the GIL in turn from now on.
            PythonEngine.BeginAllowThreads();
            s_started = true;
        }
        finally
        {
            StartLock.Release();
        }
    }
}
