namespace Testbed.Lab.Processes;

/// <summary>Finds programs on PATH the way execvp would, so a missing one is reported before anything starts.</summary>
public static class ProgramLocator
{
    public static string? Find(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }
}
