using Testbed.Lab.Runs;

namespace Testbed.Lab.Tests.Runs;

public sealed class ResourceLedgerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Entries_are_read_back_in_the_order_written()
    {
        var ledger = new ResourceLedger(_path);
        LabResource[] written =
        [
            new(LabResourceKind.Namespace, "dc1"),
            new(LabResourceKind.Link, "br-lan", "dc1"),
            new(LabResourceKind.Link, "veth-root"),
        ];
        foreach (var resource in written)
        {
            ledger.Append(resource);
        }

        Assert.Equal(written, ResourceLedger.Read(_path));
    }

    [Fact]
    public void A_line_torn_by_a_crash_is_skipped_and_the_rest_kept()
    {
        new ResourceLedger(_path).Append(new LabResource(LabResourceKind.Namespace, "dc1"));
        File.AppendAllText(_path, "{\"kind\":\"link\",\"na");

        Assert.Equal([new LabResource(LabResourceKind.Namespace, "dc1")], ResourceLedger.Read(_path));
    }

    [Fact]
    public void A_run_that_created_nothing_has_an_empty_ledger()
    {
        Assert.Empty(ResourceLedger.Read(_path));
    }
}
