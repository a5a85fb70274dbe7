using Testbed.Topology;

namespace Testbed.Mobility.Geography;

/// <summary>A user site (or any named place) and where it is.</summary>
public sealed record NamedPlace(string Name, GeoPoint Position);
