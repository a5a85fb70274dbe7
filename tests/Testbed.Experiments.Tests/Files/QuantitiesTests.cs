using Testbed.Experiments.Files;

namespace Testbed.Experiments.Tests.Files;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("250us", 0.25)]
    [InlineData("5ms", 5)]
    [InlineData("1.5 s", 1500)]
    [InlineData("2min", 120_000)]
    [InlineData("1h", 3_600_000)]
    public void Durations_convert_to_milliseconds(string text, double milliseconds) =>
        Assert.Equal(milliseconds, Quantities.Duration(text).TotalMilliseconds, 6);

    [Theory]
    [InlineData("64B", 64)]
    [InlineData("128MiB", 128L * 1024 * 1024)]
    [InlineData("1GB", 1_000_000_000)]
    public void Sizes_convert_to_bytes(string text, long bytes) => Assert.Equal(bytes, Quantities.Bytes(text));

    [Fact]
    public void Rates_convert_to_per_second_units()
    {
        Assert.Equal(100, Quantities.MegabitsPerSecond("100Mbit/s"));
        Assert.Equal(1000, Quantities.MegabitsPerSecond("1Gbit/s"));
        Assert.Equal(2, Quantities.MegabytesPerSecond("2MB/s"));
        Assert.Equal(5, Quantities.PerSecond("300/min"), 9);
        Assert.Equal(0.5, Quantities.Percent("0.5%"));
    }

    [Fact]
    public void A_unit_of_the_wrong_kind_is_refused() =>
        Assert.Throws<FormatException>(() => Quantities.Duration("5MiB"));
}
