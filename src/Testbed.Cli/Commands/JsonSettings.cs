using System.ComponentModel;
using Spectre.Console.Cli;

namespace Testbed.Cli.Commands;

/// <summary>Settings of commands that print either for people or, with --json, for scripts.</summary>
internal class JsonSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print JSON for scripts instead of a table for people.")]
    public bool Json { get; init; }
}
