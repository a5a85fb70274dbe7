namespace Testbed.Overlay.Hosting;

/// <summary>
/// Where testbed-router.dll is: beside the program that hosts the overlay (the CLI and the
/// test projects reference Testbed.Router, so the build copies it there).
/// </summary>
public static class RouterProgram
{
    public const string FileName = "testbed-router.dll";

    public static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{FileName} is not beside {AppContext.BaseDirectory}: build the solution (dotnet build Testbed.sln), which puts it there");
    }
}
