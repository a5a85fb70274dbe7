using System.Globalization;

namespace Testbed.Workload.Protocol;

/// <summary>"!dirty MBPS": the memory-dirtying load, in MB/s (0 stops it).</summary>
public sealed record SetDirtyRateCommand(double MegabytesPerSecond) : ControlCommand
{
    public override string Line => string.Create(CultureInfo.InvariantCulture, $"{ControlLine.Marker}dirty {MegabytesPerSecond:R}");
}
