namespace Testbed.Dashboards.Containers;

/// <summary>
/// An image reference split as the engine's create-image call wants it. The tag is what
/// follows the last ':' after the last '/', because a registry host may carry a port
/// (registry:5000/grafana); an image without one is :latest, as docker run assumes.
/// </summary>
public sealed record ImageReference(string Repository, string Tag)
{
    public static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        var withoutDigest = image.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/')
            ? new ImageReference(withoutDigest[..colon], withoutDigest[(colon + 1)..])
            : new ImageReference(withoutDigest, "latest");
    }

    public override string ToString() => $"{Repository}:{Tag}";
}
