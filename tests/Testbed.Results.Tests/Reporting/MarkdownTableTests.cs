using Testbed.Results.Reporting;

namespace Testbed.Results.Tests.Reporting;

public sealed class MarkdownTableTests
{
    [Fact]
    public void Names_cannot_break_the_table_and_figures_align_right()
    {
        var table = new MarkdownTable(1, "link", "delay (ms)").Row("a|b", "1.5").Row("two\nlines", "");

        Assert.Equal(
            "| link | delay (ms) |\n|---|---:|\n| a\\|b | 1.5 |\n| two lines |   |\n",
            table.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MarkdownTable(1, "a", "b").Row("only one"));
    }
}
