using System.Text;
using Testbed.Workload.Records;

namespace Testbed.Client.Output;

/// <summary>
/// Writes records to standard output, one per line, from any thread. The host reads them
/// live, so a thread of its own flushes whatever was written every <see cref="FlushInterval"/>
/// (flushing per record would cost a system call each at thousands of requests a second).
/// </summary>
internal sealed class RecordWriter : IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    private readonly StreamWriter _output;
    private readonly Lock _lock = new();
    private readonly ManualResetEvent _closing = new(false);
    private readonly Thread _flusher;
    private bool _unflushed;
    private bool _outputGone;

    public RecordWriter(Stream output)
    {
        _output = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { NewLine = "\n", AutoFlush = false };
        _flusher = new Thread(FlushPeriodically) { IsBackground = true, Name = "record flusher" };
        _flusher.Start();
    }

    public void Write(ClientRecord record)
    {
        var line = record.ToLine();
        lock (_lock)
        {
            if (_outputGone)
            {
                return;
            }

            try
            {
                _output.WriteLine(line);
                _unflushed = true;
            }
            catch (IOException)
            {
                // The host stopped reading (it died): nobody will see records any more, and
                // the end of standard input will stop the client.
                _outputGone = true;
            }
        }
    }

    /// <summary>Flushes what is left and stops the flushing thread.</summary>
    public void Dispose()
    {
        _closing.Set();
        _flusher.Join();
        Flush();
        _closing.Dispose();
    }

    private void FlushPeriodically()
    {
        while (!_closing.WaitOne(FlushInterval))
        {
            Flush();
        }
    }

    private void Flush()
    {
        lock (_lock)
        {
            if (!_unflushed || _outputGone)
            {
                return;
            }

            try
            {
                _output.Flush();
                _unflushed = false;
            }
            catch (IOException)
            {
                _outputGone = true;
            }
        }
    }
}
