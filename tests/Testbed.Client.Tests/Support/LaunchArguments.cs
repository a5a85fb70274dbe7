using System.Globalization;
using System.Net;

namespace Testbed.Client.Tests.Support;

/// <summary>A complete testbed-client command line with the values most tests share; a test adds or overrides what it is about.</summary>
internal static class LaunchArguments
{
    public static List<string> For(
        IPAddress service, int port, int probePort, int users = 2, double rate = 50, int size = 100, string site = "site-a", string netns = "-") =>
    [
        "--group", "players",
        "--service-address", service.ToString(),
        "--site", site,
        "--netns", netns,
        "--users", users.ToString(CultureInfo.InvariantCulture),
        "--rate", rate.ToString(CultureInfo.InvariantCulture),
        "--size", size.ToString(CultureInfo.InvariantCulture),
        "--port", port.ToString(CultureInfo.InvariantCulture),
        "--probe-port", probePort.ToString(CultureInfo.InvariantCulture),
    ];

    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
