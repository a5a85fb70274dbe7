namespace Testbed.Experiments.Model;

/// <summary>Who decides where services run: nobody, the timeline, or the demand.</summary>
public enum PolicyKind
{
    Static,
    Scripted,
    FollowUsers,
    ReplicateOnDemand,
}
