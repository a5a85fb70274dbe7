using Orleans.Placement;

namespace Testbed.Control.Hosting;

/// <summary>Marks a grain class placed by <see cref="DataCenterPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DataCenterPlacementAttribute : PlacementAttribute
{
    public DataCenterPlacementAttribute()
        : base(DataCenterPlacementStrategy.Instance)
    {
    }
}
