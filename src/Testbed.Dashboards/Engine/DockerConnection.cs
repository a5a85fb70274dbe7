using Docker.DotNet;

namespace Testbed.Dashboards.Engine;

/// <summary>A Docker.DotNet client on the engine's Unix socket, owning the configuration it was made from.</summary>
public sealed class DockerConnection : IDisposable
{
    private readonly DockerClientConfiguration _configuration;

    public DockerConnection(string socket)
    {
        Socket = socket;
        _configuration = new DockerClientConfiguration(new Uri("unix://" + socket));
        Client = _configuration.CreateClient();
    }

    public string Socket { get; }

    public DockerClient Client { get; }

    /// <summary>True when the engine answers a ping within the time given.</summary>
    public async Task<bool> AnswersAsync(TimeSpan within, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Socket))
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            await Client.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception failure) when (failure is HttpRequestException or DockerApiException or IOException or TimeoutException
                                            or System.Net.Sockets.SocketException
                                            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _configuration.Dispose();
    }
}
