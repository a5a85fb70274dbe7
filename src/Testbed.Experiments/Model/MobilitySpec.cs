using Testbed.Mobility.Attachment;
using Testbed.Mobility.Models;

namespace Testbed.Experiments.Model;

/// <summary>
/// How a group's users move: a mobility model or a replayed trace (one of the two), and the
/// rule that hands them over between user sites. <see cref="Written"/> is the block as the file
/// wrote it (its paths made absolute), which the run's experiment.yaml writes back.
/// </summary>
public sealed record MobilitySpec(IMobilityModel? Model, TraceReplaySpec? Trace, HandoverRule Handover, IReadOnlyDictionary<string, object?> Written)
{
    /// <summary>The model's name in files: one of the models', or "trace".</summary>
    public string Name => Model?.Name ?? TraceModelName;

    public const string TraceModelName = "trace";
}
