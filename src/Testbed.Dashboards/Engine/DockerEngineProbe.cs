using Docker.DotNet;
using Testbed.Lab.Processes;

namespace Testbed.Dashboards.Engine;

/// <summary>Asks the Docker engine for its version over its socket, through Docker.DotNet.</summary>
public static class DockerEngineProbe
{
    public const string Socket = "/var/run/docker.sock";

    public static Task<(string? Version, string Detail)> RunAsync(CancellationToken cancellationToken = default) =>
        RunAsync(Socket, cancellationToken);

    public static async Task<(string? Version, string Detail)> RunAsync(string socket, CancellationToken cancellationToken = default)
    {
        var installed = ProgramLocator.Find("dockerd") is not null;
        if (!File.Exists(socket))
        {
            return (null, installed ? "docker.io is installed but the engine is not running" : "not installed");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var configuration = new DockerClientConfiguration(new Uri("unix://" + socket));
            using var client = configuration.CreateClient();
            var version = await client.System.GetVersionAsync(timeout.Token);
            return (version.Version, $"engine {version.Version}, API {version.APIVersion}");
        }
        catch (Exception failure) when (failure is HttpRequestException or DockerApiException or OperationCanceledException or IOException or TimeoutException)
        {
            return (null, $"the engine does not answer on {socket}: {failure.Message}");
        }
    }
}
