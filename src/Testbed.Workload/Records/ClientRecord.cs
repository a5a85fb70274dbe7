using System.Diagnostics.CodeAnalysis;

namespace Testbed.Workload.Records;

/// <summary>
/// One line of testbed-client's standard output: the client writes them with
/// <see cref="ToLine"/>, the host reads them with <see cref="TryParse"/>, so this is the whole
/// contract between the two. A line is comma-separated, starts with its kind, and has no
/// quoting: names (sites, the VM that served) are <see cref="IsValidName">plain tokens</see>.
/// Every time is microseconds since the Unix epoch, from a wall clock read once when the
/// client starts and advanced by the monotonic clock, so one client's records never go back
/// in time and compare with the records of other processes on the machine.
/// <list type="bullet">
/// <item><c>ready,T</c>: <see cref="ReadyRecord"/></item>
/// <item><c>started,T</c>: <see cref="StartedRecord"/></item>
/// <item><c>req,SCHEDULED,USER,SITE,LATENCY_US|,OUTCOME,SERVED_BY|,LATE_US|</c>: <see cref="RequestRecord"/></item>
/// <item><c>probe,DUE,SITE,SEQ,RTT_US|,LATE_US</c>: <see cref="ProbeRecord"/></item>
/// <item><c>broken,T,USER,SITE,REASON</c>: <see cref="BrokenRecord"/></item>
/// <item><c>moved,T,USER,SITE</c>: <see cref="MovedRecord"/></item>
/// <item><c>scaled,T,USERS</c>: <see cref="ScaledRecord"/></item>
/// </list>
/// </summary>
/// <param name="UnixMicroseconds">When the record's event happened; each kind says which instant that is.</param>
public abstract record ClientRecord(long UnixMicroseconds)
{
    /// <summary><see cref="UnixMicroseconds"/> as a time.</summary>
    public DateTimeOffset Time => DateTimeOffset.UnixEpoch.AddTicks(UnixMicroseconds * TicksPerMicrosecond);

    /// <summary>The line, without its newline.</summary>
    public abstract string ToLine();

    /// <summary>
    /// A name a record can carry: not empty, and free of commas, whitespace and control
    /// characters, so that a line splits on its commas without quoting.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Any(c => c == ',' || char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>
    /// Reads one line (a trailing newline is allowed). False, with no record, for anything that
    /// is not exactly one of the kinds above: an unknown kind, a missing or extra field, a
    /// number that does not parse, a negative duration or an unknown outcome or reason.
    /// </summary>
    public static bool TryParse(string? line, [NotNullWhen(true)] out ClientRecord? record)
    {
        record = null;
        if (line is null)
        {
            return false;
        }

        var fields = line.TrimEnd('\n').TrimEnd('\r').Split(',');
        if (fields.Length < 2 || !RecordText.TryNumber(fields[1], out var time))
        {
            return false;
        }

        record = fields[0] switch
        {
            ReadyRecord.Kind => ReadyRecord.FromFields(fields, time),
            StartedRecord.Kind => StartedRecord.FromFields(fields, time),
            RequestRecord.Kind => RequestRecord.FromFields(fields, time),
            ProbeRecord.Kind => ProbeRecord.FromFields(fields, time),
            BrokenRecord.Kind => BrokenRecord.FromFields(fields, time),
            MovedRecord.Kind => MovedRecord.FromFields(fields, time),
            ScaledRecord.Kind => ScaledRecord.FromFields(fields, time),
            _ => null,
        };
        return record is not null;
    }

    /// <summary>Microseconds since the Unix epoch of a wall-clock time.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / TicksPerMicrosecond;

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
}
