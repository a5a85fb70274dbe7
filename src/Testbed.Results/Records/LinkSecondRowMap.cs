using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of links.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class LinkSecondRowMap : RowMap<LinkSecondRow>
{
    public static LinkSecondRowMap Instance { get; } = new();

    public LinkSecondRowMap()
    {
        Column(r => r.TimeS, "t_s");
        Column(r => r.Link, "link");
        Column(r => r.Direction, "direction");
        Column(r => r.Frames, "frames");
        Column(r => r.Drops, "drops");
        Column(r => r.LateP50Us, "late_p50_us", format: "0.#");
        Column(r => r.LateP99Us, "late_p99_us", format: "0.#");
        Column(r => r.WakeDelayUs, "wake_delay_us", format: "0.#");
        Column(r => r.ToleranceUs, "tolerance_us", format: "0.#");
        Column(r => r.OffSpec, "off_spec");
    }
}
