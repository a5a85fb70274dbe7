using Testbed.Lab.Processes;

namespace Testbed.Lab.Tests.Processes;

public sealed class ProcessIdentityTests
{
    /// <summary>A /proc/PID/stat line whose fields after the command name are numbered as in proc(5), start time in field 22.</summary>
    private static string Stat(string command, string state, ulong startTicks)
    {
        var fields = Enumerable.Range(3, 50).Select(n => n switch
        {
            3 => state,
            22 => startTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "0",
        });
        return $"4242 ({command}) {string.Join(' ', fields)}\n";
    }

    [Fact]
    public void Start_time_is_read_after_a_command_name_holding_spaces_and_parentheses()
    {
        var identity = ProcessIdentity.ParseStat(4242, Stat("qemu (x) y) z", "S", 987654));

        Assert.Equal(new ProcessIdentity(4242, 987654), identity);
    }

    [Fact]
    public void A_zombie_counts_as_gone()
    {
        Assert.Null(ProcessIdentity.ParseStat(4242, Stat("qemu", "Z", 5)));
    }

    [Fact]
    public void The_pid_file_form_round_trips()
    {
        var identity = new ProcessIdentity(31337, 123456789);

        Assert.True(ProcessIdentity.TryParse(identity + "\n", out var parsed));
        Assert.Equal(identity, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc 1")]
    [InlineData("-5 3")]
    [InlineData("0 3")]
    [InlineData("1 2 3")]
    [InlineData("12")]
    public void A_damaged_pid_file_is_refused(string text)
    {
        Assert.False(ProcessIdentity.TryParse(text, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void This_process_is_alive_but_not_under_another_start_time()
    {
        var me = ProcessIdentity.Of(Environment.ProcessId);

        Assert.NotNull(me);
        Assert.True(me.IsAlive);
        Assert.False((me with { StartTicks = me.StartTicks + 1 }).IsAlive);
    }
}
