using System.ComponentModel;
using Spectre.Console.Cli;

namespace Testbed.Cli.Commands;

/// <summary>Settings of `testbed image build`.</summary>
internal sealed class ImageBuildSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print JSON for scripts instead of a table for people.")]
    public bool Json { get; init; }

    [CommandOption("--tools")]
    [Description("Build the tools image instead: the default one plus the distro's iperf3, whose server the guest runs. Its guests need at least 128 MiB.")]
    public bool Tools { get; init; }
}
