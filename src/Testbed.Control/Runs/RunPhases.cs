namespace Testbed.Control.Runs;

/// <summary>The phases of a run, in order, as the progress display and events.jsonl name them.</summary>
public static class RunPhases
{
    public const string Starting = "starting";
    public const string Network = "building the network";
    public const string Calibration = "calibrating links";
    public const string Mechanism = "starting the mechanism";
    public const string Booting = "booting VMs";
    public const string GuestCalibration = "calibrating guests";
    public const string Users = "starting users";
    public const string Timeline = "timeline";
    public const string Stopping = "stopping users";
    public const string Teardown = "tearing down";
    public const string Finished = "finished";
    public const string Failed = "failed";
}
