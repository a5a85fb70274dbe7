using System.Globalization;

namespace Testbed.Lab.Processes;

/// <summary>
/// A process as the kernel knows it: pid plus start time (clock ticks since boot, field 22
/// of /proc/PID/stat). A pid alone can be reused by an unrelated process after a crash;
/// the pair cannot, so clean-up never signals a stranger.
/// </summary>
public sealed record ProcessIdentity(int Pid, ulong StartTicks)
{
    /// <summary>The identity of a live process, or null when no such pid exists.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return ParseStat(pid, stat);
    }

    /// <summary>Parses /proc/PID/stat. The command name (field 2) may hold spaces and parentheses, so fields are counted from the last ')'.</summary>
    internal static ProcessIdentity? ParseStat(int pid, string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ')' come field 3 (state) onwards; start time is field 22, so index 19 here.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0] == "Z")
        {
            // A zombie has already exited; only its parent's wait() is missing.
            return null;
        }

        return ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(pid, ticks)
            : null;
    }

    /// <summary>True while this very process (same pid, same start time) is still running.</summary>
    public bool IsAlive => Of(Pid) == this;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTicks}");

    /// <summary>Reads the "PID STARTTICKS" form written by <see cref="ToString"/>.</summary>
    public static bool TryParse(string text, out ProcessIdentity? identity)
    {
        identity = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && pid > 0)
        {
            identity = new ProcessIdentity(pid, ticks);
        }

        return identity is not null;
    }
}
