namespace Testbed.Results.Files;

/// <summary>A results file written as the run goes, whose rows can be put on the disk itself.</summary>
public interface ISyncedFile
{
    string Path { get; }

    /// <summary>fsync: what was written survives a crash of the machine, not only of the process.</summary>
    void Sync();
}
