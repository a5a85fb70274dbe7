using Orleans.Placement;

namespace Testbed.Control.Hosting;

/// <summary>Marks a grain class placed by <see cref="CoordinatorPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CoordinatorPlacementAttribute : PlacementAttribute
{
    public CoordinatorPlacementAttribute()
        : base(CoordinatorPlacementStrategy.Instance)
    {
    }
}
