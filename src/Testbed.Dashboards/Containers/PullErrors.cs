using Docker.DotNet.Models;

namespace Testbed.Dashboards.Containers;

/// <summary>
/// Keeps the last error of a pull's progress stream. It records synchronously, unlike
/// Progress&lt;T&gt;, whose callbacks may still be queued when the pull call returns.
/// </summary>
internal sealed class PullErrors : IProgress<JSONMessage>
{
    public string? Last { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error)
        {
            Last = error;
        }
        else if (value.ErrorMessage is { Length: > 0 } message)
        {
            Last = message;
        }
    }
}
