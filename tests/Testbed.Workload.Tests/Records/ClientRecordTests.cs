using Testbed.Workload.Records;

namespace Testbed.Workload.Tests.Records;

public sealed class ClientRecordTests
{
    public static TheoryData<ClientRecord, string> EveryKind => new()
    {
        { new ReadyRecord(1_700_000_000_000_001), "ready,1700000000000001" },
        { new StartedRecord(1_700_000_000_000_003), "started,1700000000000003" },
        { new RequestRecord(1_700_000_000_000_002, 3, "users-eu", 12_345, RequestOutcome.Ok, "vm-dc2", 87), "req,1700000000000002,3,users-eu,12345,ok,vm-dc2,87" },
        { new RequestRecord(5, 0, "users-eu", null, RequestOutcome.Timeout, null, null), "req,5,0,users-eu,,timeout,," },
        { new RequestRecord(5, 0, "s", null, RequestOutcome.Refused, null, 40), "req,5,0,s,,refused,,40" },
        { new RequestRecord(5, 0, "s", null, RequestOutcome.Reset, null, -12), "req,5,0,s,,reset,,-12" },
        { new RequestRecord(5, 0, "s", null, RequestOutcome.Unreachable, null, 0), "req,5,0,s,,unreachable,,0" },
        { new RequestRecord(5, 0, "s", null, RequestOutcome.Error, null, null), "req,5,0,s,,error,," },
        { new ProbeRecord(7, "users-eu", 18_446_744_073_709_551_615, 250, 12), "probe,7,users-eu,18446744073709551615,250,12" },
        { new ProbeRecord(7, "users-eu", 4, null, 0), "probe,7,users-eu,4,,0" },
        { new ProbeRecord(7, "users-eu", 5, 300, -15), "probe,7,users-eu,5,300,-15" },
        { new BrokenRecord(9, 1, "users-us", BrokenReason.Eof), "broken,9,1,users-us,eof" },
        { new BrokenRecord(9, 1, "s", BrokenReason.Reset), "broken,9,1,s,reset" },
        { new BrokenRecord(9, 1, "s", BrokenReason.Timeout), "broken,9,1,s,timeout" },
        { new BrokenRecord(9, 1, "s", BrokenReason.Unreachable), "broken,9,1,s,unreachable" },
        { new BrokenRecord(9, 1, "s", BrokenReason.Error), "broken,9,1,s,error" },
        { new MovedRecord(11, 4, "users-asia"), "moved,11,4,users-asia" },
        { new ScaledRecord(13, 50), "scaled,13,50" },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_kind_writes_its_line_and_reads_back_equal(ClientRecord record, string line)
    {
        Assert.Equal(line, record.ToLine());
        Assert.True(ClientRecord.TryParse(line, out var parsed));
        Assert.Equal(record, parsed);
        Assert.True(ClientRecord.TryParse(line + "\n", out var withNewline));
        Assert.Equal(record, withNewline);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ready")]
    [InlineData("ready,")]
    [InlineData("ready,12,13")]
    [InlineData("ready,1.5")]
    [InlineData("started")]
    [InlineData("started,12,13")]
    [InlineData("hello,12")]
    [InlineData("READY,12")]
    [InlineData("req,1,0,site,100,ok")]
    [InlineData("req,1,0,site,100,ok,vm,extra")]
    [InlineData("req,1,-1,site,100,ok,vm")]
    [InlineData("req,1,0,,100,ok,vm")]
    [InlineData("req,1,0,a site,100,ok,vm")]
    [InlineData("req,1,0,site,-100,ok,vm")]
    [InlineData("req,1,0,site,1e3,ok,vm")]
    [InlineData("req,1,0,site,100,fine,vm")]
    [InlineData("req,1,0,site,100,OK,vm")]
    [InlineData("req,x,0,site,100,ok,vm")]
    [InlineData("probe,1,site,-1,20")]
    [InlineData("probe,1,site,1")]
    [InlineData("probe,1,site,1,twenty")]
    [InlineData("broken,1,0,site,gone")]
    [InlineData("broken,1,0,site")]
    [InlineData("moved,1,0")]
    [InlineData("moved,1,x,site")]
    [InlineData("scaled,1,-2")]
    [InlineData("scaled,1,")]
    public void Anything_else_is_refused(string? line)
    {
        Assert.False(ClientRecord.TryParse(line, out var record));
        Assert.Null(record);
    }

    [Fact]
    public void Times_are_microseconds_since_the_Unix_epoch()
    {
        var time = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560);

        var record = new ReadyRecord(ClientRecord.ToUnixMicroseconds(time));

        Assert.Equal(1_740_830_400_123_456, record.UnixMicroseconds);
        Assert.Equal(time, record.Time);
    }

    [Theory]
    [InlineData("users-eu", true)]
    [InlineData("vm_dc2.1", true)]
    [InlineData("", false)]
    [InlineData("a,b", false)]
    [InlineData("a b", false)]
    [InlineData("a\tb", false)]
    [InlineData("a\nb", false)]
    public void Names_are_plain_tokens(string name, bool valid)
    {
        Assert.Equal(valid, ClientRecord.IsValidName(name));
    }
}
