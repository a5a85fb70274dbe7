using System.Globalization;

namespace Testbed.Results.Files;

/// <summary>
/// One CSV file written a row at a time and flushed with every row, so a crash keeps
/// every row written before it. Safe to call from several threads.
/// </summary>
public sealed class CsvAppender : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public CsvAppender(string path, params string[] header)
    {
        var exists = File.Exists(path) && new FileInfo(path).Length > 0;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true, NewLine = "\n" };
        if (!exists)
        {
            _writer.WriteLine(string.Join(',', header));
        }
    }

    public void Append(params object?[] fields)
    {
        var line = string.Join(',', fields.Select(Format));
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>Invariant numbers, empty for null, and quoting only where a field needs it.</summary>
    public static string Format(object? field) => field switch
    {
        null => "",
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(field.ToString() ?? ""),
    };

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
