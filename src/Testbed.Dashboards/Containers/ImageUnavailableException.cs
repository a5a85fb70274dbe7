namespace Testbed.Dashboards.Containers;

/// <summary>An image is not on this machine and the engine could not pull it (no registry reachable, as on the lab's CI machines).</summary>
public sealed class ImageUnavailableException(string image, string pullError)
    : DashboardsException(
        $"image {image} is not on this machine and cannot be pulled ({pullError}): on a machine with registry access run " +
        $"'docker pull {image} && docker save -o image.tar {image}', copy image.tar here and run 'docker load -i image.tar'")
{
    public string Image { get; } = image;
}
