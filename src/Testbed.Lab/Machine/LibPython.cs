using System.Runtime.InteropServices;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Machine;

/// <summary>
/// The shared libpython of the distro's own Python, the one Mininet is installed for.
/// Python.NET must load exactly this library, so it is asked of /usr/bin/python3 rather
/// than guessed, and then really loaded to prove it is usable.
/// </summary>
public static class LibPython
{
    public const string DistroPython = "/usr/bin/python3";

    /// <param name="Path">The shared library, for example /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0.</param>
    /// <param name="Version">What the loaded library's Py_GetVersion says, for example 3.11.2.</param>
    public sealed record Found(string Path, string Version);

    /// <summary>Locates and loads the library; returns null with the reason when it cannot.</summary>
    public static async Task<(Found? Library, string Detail)> LocateAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(DistroPython))
        {
            return (null, $"{DistroPython} is missing");
        }

        var query = await CommandRunner.RunAsync(
            DistroPython,
            ["-c", "import sysconfig; print(sysconfig.get_config_var('LIBDIR')); print(sysconfig.get_config_var('INSTSONAME'))"],
            TimeSpan.FromSeconds(20),
            cancellationToken);
        var lines = query.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!query.Succeeded || lines.Length < 2)
        {
            return (null, $"{DistroPython} could not name its library: {query.FirstErrorLine}");
        }

        var path = System.IO.Path.Combine(lines[0], lines[1]);
        if (!NativeLibrary.TryLoad(path, out var handle))
        {
            return (null, $"{path} is missing or cannot be loaded");
        }

        try
        {
            return NativeLibrary.TryGetExport(handle, "Py_GetVersion", out var getVersion)
                ? (new Found(path, VersionOf(getVersion)), path)
                : (null, $"{path} has no Py_GetVersion");
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>Py_GetVersion returns a static string and is safe before the interpreter starts.</summary>
    private static unsafe string VersionOf(nint getVersion)
    {
        var text = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)getVersion)()) ?? "";
        return text.Split(' ')[0];
    }
}
