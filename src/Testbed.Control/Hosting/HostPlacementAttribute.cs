using Orleans.Placement;

namespace Testbed.Control.Hosting;

/// <summary>Marks a grain class placed by <see cref="HostPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class HostPlacementAttribute : PlacementAttribute
{
    public HostPlacementAttribute()
        : base(HostPlacementStrategy.Instance)
    {
    }
}
