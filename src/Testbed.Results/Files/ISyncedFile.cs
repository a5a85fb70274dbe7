namespace Testbed.Results.Files;

/// <summary>A results file written as the run goes, whose rows can be put on the disk itself.</summary>
public interface ISyncedFile
{
    string Path { get; }

    /// <summary>fsync: what was written survives a crash of the machine, not only of the process.</summary>
    void Sync();

    /// <summary>Appends rows already written as text (without the header), after those written so far and through the same file position.</summary>
    void AppendLines(IEnumerable<string> lines);
}
