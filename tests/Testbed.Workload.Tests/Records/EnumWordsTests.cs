using Testbed.Workload.Records;

namespace Testbed.Workload.Tests.Records;

public sealed class EnumWordsTests
{
    /// <summary>The words files already hold: runs recorded before the enums must still read.</summary>
    [Fact]
    public void Outcomes_are_written_as_the_words_the_files_have_always_held()
    {
        Assert.Equal(["ok", "timeout", "refused", "reset", "unreachable", "error"], EnumWords<RequestOutcome>.All);
        Assert.Equal(["completed", "failed", "cancelled"], EnumWords<MigrationOutcome>.All);
        Assert.Equal(["eof", "reset", "timeout", "unreachable", "error"], EnumWords<BrokenReason>.All);
    }

    [Fact]
    public void Every_value_reads_back_from_its_word()
    {
        Assert.All(Enum.GetValues<MigrationOutcome>(), v => Assert.Equal(v, EnumWords<MigrationOutcome>.Parse(EnumWords<MigrationOutcome>.Word(v))));
        Assert.All(Enum.GetValues<RequestOutcome>(), v => Assert.Equal(v, EnumWords<RequestOutcome>.Parse(EnumWords<RequestOutcome>.Word(v))));
    }

    [Fact]
    public void An_unknown_word_is_refused_with_the_words_that_are_known()
    {
        var error = Assert.Throws<FormatException>(() => EnumWords<MigrationOutcome>.Parse("Completed"));

        Assert.Equal("unknown MigrationOutcome 'Completed' (known: completed, failed, cancelled)", error.Message);
        Assert.False(EnumWords<RequestOutcome>.TryParse("", out _));
    }
}
