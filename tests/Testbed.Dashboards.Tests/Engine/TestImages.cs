using Docker.DotNet;
using Docker.DotNet.Models;
using Testbed.TestSupport;

namespace Testbed.Dashboards.Tests.Engine;

/// <summary>
/// The images the tests run, imported from busybox rootfs tars and deleted at the end:
/// a bare busybox, and stand-ins with the shape of Grafana (an HTTP server on 3000
/// answering /api/health) and of PostgreSQL (a long-running process, and a pg_isready
/// that succeeds), so that the dashboards' own specs run unchanged.
/// </summary>
public sealed class TestImages : IAsyncDisposable
{
    private readonly DockerClient _docker;

    private TestImages(DockerClient docker, string tag)
    {
        _docker = docker;
        Busybox = $"testbed-test-busybox:{tag}";
        FakeGrafana = $"testbed-test-grafana:{tag}";
        FakePostgres = $"testbed-test-postgres:{tag}";
    }

    public string Busybox { get; }

    public string FakeGrafana { get; }

    public string FakePostgres { get; }

    public TimeSpan ImportTime { get; private set; }

    public static async Task<TestImages> ImportAsync(DockerClient docker)
    {
        var images = new TestImages(docker, UniqueName.Next("t"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await images.ImportAsync(images.Busybox, new Dictionary<string, (string, bool)>(), []);
            await images.ImportAsync(
                images.FakeGrafana,
                new Dictionary<string, (string, bool)> { ["/www/api/health"] = ("{\"database\": \"ok\"}\n", false) },
                [StopOnTerm("/bin/busybox httpd -f -p 3000 -h /www")]);
            await images.ImportAsync(
                images.FakePostgres,
                new Dictionary<string, (string, bool)> { ["/usr/bin/pg_isready"] = ("#!/bin/sh\necho \"127.0.0.1:5432 - accepting connections\"\n", true) },
                [StopOnTerm("/bin/busybox httpd -f -p 5432 -h /bin"), "ENV PATH=/usr/bin:/bin"]);
        }
        catch
        {
            await images.DisposeAsync();
            throw;
        }

        images.ImportTime = clock.Elapsed;
        return images;
    }

    /// <summary>
    /// A program as the command of PID 1 ends on SIGTERM the way Grafana and PostgreSQL do;
    /// busybox httpd as PID 1 would ignore it (the kernel drops signals PID 1 has no
    /// handler for), and every stop would wait out the engine's grace time.
    /// </summary>
    public static IReadOnlyList<string> StopOnTermCommand(string command) =>
        ["/bin/sh", "-c", $"trap 'exit 0' TERM; {command} & wait"];

    private static string StopOnTerm(string command) =>
        "CMD " + System.Text.Json.JsonSerializer.Serialize(StopOnTermCommand(command));

    private async Task ImportAsync(string image, IReadOnlyDictionary<string, (string, bool)> files, IList<string> changes)
    {
        var (repository, tag) = (image.Split(':')[0], image.Split(':')[1]);
        using var rootfs = BusyboxRootfs.Build(files);
        await _docker.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag, Changes = changes },
            rootfs,
            authConfig: null,
            new Progress<JSONMessage>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var image in (string[])[Busybox, FakeGrafana, FakePostgres])
        {
            try
            {
                await _docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, CancellationToken.None);
            }
            catch (DockerImageNotFoundException)
            {
                // Never imported, because an earlier import failed.
            }
        }
    }
}
