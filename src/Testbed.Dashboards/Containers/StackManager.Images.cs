using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Dashboards.Containers;

public sealed partial class StackManager
{
    /// <summary>An image on this machine is used as it is; a missing one is pulled, and when that fails the error says how to bring it here.</summary>
    private async Task EnsureImageAsync(string image, CancellationToken cancellationToken)
    {
        if (await HasImageAsync(image, cancellationToken))
        {
            return;
        }

        var reference = ImageReference.Parse(image);
        var errors = new PullErrors();
        using var pullTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pullTimeout.CancelAfter(PullDeadline);
        try
        {
            await docker.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = reference.Repository, Tag = reference.Tag },
                authConfig: null,
                errors,
                pullTimeout.Token);
        }
        catch (DockerApiException failure)
        {
            throw new ImageUnavailableException(image, EngineMessage.Of(failure));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImageUnavailableException(image, $"the pull did not finish within {PullDeadline.TotalSeconds:0} s");
        }

        if (!await HasImageAsync(image, cancellationToken))
        {
            throw new ImageUnavailableException(image, errors.Last ?? "the pull ended without it");
        }
    }

    private async Task<bool> HasImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
