using Testbed.Cli.Doctor;
using Testbed.Lab.Doctor;

namespace Testbed.Cli.Tests.Doctor;

/// <summary>The QEMU finding flags versions whose live migration of a busy guest is not trustworthy.</summary>
public sealed class QemuFindingTests
{
    [Theory]
    [InlineData("7.2.22", false)]
    [InlineData("8.2.2", false)]
    [InlineData("10.0.2", true)]
    [InlineData("10.1", true)]
    public void Versions_below_the_measured_safe_one_are_flagged(string version, bool ok)
    {
        var finding = MachineDoctor.QemuFinding(version);

        Assert.Equal(ok, finding.Ok);
        Assert.StartsWith(version, finding.Found, StringComparison.Ordinal);
        if (!ok)
        {
            Assert.Contains("migration", finding.Disables, StringComparison.Ordinal);
            Assert.Contains("provision.sh", finding.Remedy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_QEMU_disables_every_VM()
    {
        var finding = MachineDoctor.QemuFinding(null);

        Assert.False(finding.Ok);
        Assert.Equal("every VM", finding.Disables);
    }
}
