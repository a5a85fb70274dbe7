namespace Testbed.Qemu.Image;

/// <summary>
/// The published testbed-guest. testbed/testbed and testbed/test publish it (NativeAOT,
/// linux-x64) into artifacts/publish before anything runs; every program of the
/// repository finds it by walking up from its own location to that folder.
/// </summary>
public static class GuestBinary
{
    public static readonly string RelativePath = Path.Combine("artifacts", "publish", "Testbed.Guest", "release_linux-x64", "testbed-guest");

    public static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"testbed-guest is not built: run 'sudo testbed/testbed image build', which publishes it (or: dotnet publish src/Testbed.Guest -c Release -r linux-x64)");
    }
}
