using System.Net;
using Testbed.Client.Tests.Support;

namespace Testbed.Client.Tests.Hosting;

public sealed class ArgumentTests
{
    private static readonly List<string> Valid = LaunchArguments.For(IPAddress.Loopback, 7000, 7001);

    public static TheoryData<string, string[]> BadCommandLines => new()
    {
        { "nothing at all", [] },
        { "--size missing", [.. Without("--size")] },
        { "--users negative", [.. With("--users", "-1")] },
        { "--users not a number", [.. With("--users", "many")] },
        { "--rate not a number", [.. With("--rate", "fast")] },
        { "--rate with a comma", [.. With("--rate", "2,5")] },
        { "--rate too small to draw gaps from", [.. With("--rate", "0.0000000001")] },
        { "--service-address a name", [.. With("--service-address", "service.example")] },
        { "--service-address one number", [.. With("--service-address", "1")] },
        { "--service-address IPv6", [.. With("--service-address", "::1")] },
        { "--netns that does not exist", [.. With("--netns", "tbc-no-such-namespace")] },
        { "--site with a comma", [.. With("--site", "a,b")] },
        { "--size too large", [.. With("--size", "2000000")] },
        { "--port out of range", [.. With("--port", "70000")] },
        { "--timeout-ms zero", [.. With("--timeout-ms", "0")] },
        { "--probe-interval-ms too small", [.. With("--probe-interval-ms", "0.01")] },
        { "both modes", [.. Valid, "--persistent", "--fresh"] },
        { "an unknown argument", [.. Valid, "--colour", "blue"] },
        { "an argument twice", [.. Valid, "--users", "3"] },
        { "a value missing at the end", [.. Valid, "--seed"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task A_bad_command_line_exits_2_with_one_line_on_stderr_and_no_records(string why, string[] arguments)
    {
        await using var client = ClientProcess.Start(arguments);

        Assert.True(2 == await client.ExitCodeAsync(), why);
        var error = Assert.Single(client.Errors);
        Assert.StartsWith("testbed-client: ", error, StringComparison.Ordinal);
        Assert.Empty(client.Records);
        Assert.Empty(client.Unparsed);
    }

    private static IEnumerable<string> Without(string name)
    {
        var at = Valid.IndexOf(name);
        return Valid.Where((_, i) => i != at && i != at + 1);
    }

    /// <summary>The valid line with <paramref name="name"/> set to <paramref name="value"/>, replaced where it is given and added where it is not.</summary>
    private static IEnumerable<string> With(string name, string value) =>
        Valid.Contains(name)
            ? Valid.Select((word, i) => i > 0 && Valid[i - 1] == name ? value : word)
            : [.. Valid, name, value];
}
