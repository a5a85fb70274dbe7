using CsvHelper;

namespace Testbed.Results.Files;

/// <summary>
/// One results file written a row at a time through its <see cref="RowMap{T}"/>, flushed with
/// every row, so a crash keeps every row written before it. Safe to call from several threads.
/// </summary>
public sealed class CsvRowAppender<T> : ISyncedFile, IDisposable
{
    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;

    public CsvRowAppender(string path, RowMap<T> map)
    {
        var exists = File.Exists(path) && new FileInfo(path).Length > 0;
        Path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _text = new StreamWriter(_file) { AutoFlush = true, NewLine = "\n" };
        _csv = ResultsCsv.Writer(_text);
        _csv.Context.RegisterClassMap(map);
        if (!exists)
        {
            _csv.WriteHeader<T>();
            _csv.NextRecord();
            _csv.Flush();
        }
    }

    public string Path { get; }

    /// <summary>Puts what was written on the disk itself (fsync), not only in the kernel's cache.</summary>
    public void Sync()
    {
        lock (_lock)
        {
            _file.Flush(flushToDisk: true);
        }
    }

    public void Append(T row)
    {
        lock (_lock)
        {
            _csv.WriteRecord(row);
            _csv.NextRecord();
            _csv.Flush();
        }
    }

    public void AppendLines(IEnumerable<string> lines)
    {
        lock (_lock)
        {
            _csv.Flush();
            foreach (var line in lines)
            {
                _text.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _csv.Dispose();
        }
    }
}
