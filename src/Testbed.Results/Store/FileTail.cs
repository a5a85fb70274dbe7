using System.Text;

namespace Testbed.Results.Store;

/// <summary>A file another writer appends to, read from where the last read stopped, whole lines only.</summary>
internal sealed class FileTail(string path, bool header)
{
    private long _offset;
    private string? _header;

    public string Path => path;

    /// <summary>The whole lines written since the last call.</summary>
    public IReadOnlyList<string> NewLines()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= _offset)
        {
            return [];
        }

        stream.Seek(_offset, SeekOrigin.Begin);
        var bytes = new byte[stream.Length - _offset];
        stream.ReadExactly(bytes);

        // A line being written is left for the next read.
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0)
        {
            return [];
        }

        _offset += end + 1;
        var lines = Encoding.UTF8.GetString(bytes, 0, end).Split('\n').ToList();
        if (header && _header is null)
        {
            _header = lines[0];
            lines.RemoveAt(0);
        }

        return lines;
    }

    /// <summary>The new rows of a CSV file, under its header, as a file of their own.</summary>
    public string NewText()
    {
        var lines = NewLines();
        return _header is null || lines.Count == 0 ? "" : _header + "\n" + string.Join('\n', lines) + "\n";
    }
}
