namespace Testbed.Workload.Hosting;

/// <summary>
/// Where testbed-client.dll is: beside the program that drives user groups (the CLI and the
/// test projects reference Testbed.Client, so the build copies it there).
/// </summary>
public static class ClientProgram
{
    public const string FileName = "testbed-client.dll";

    public static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{FileName} is not beside {AppContext.BaseDirectory}: build the solution (dotnet build Testbed.sln), which puts it there");
    }
}
