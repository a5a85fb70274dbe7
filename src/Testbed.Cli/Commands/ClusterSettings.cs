using System.ComponentModel;
using Spectre.Console.Cli;

namespace Testbed.Cli.Commands;

/// <summary>Settings of the commands that act on a cluster of lab machines.</summary>
internal class ClusterSettings : JsonSettings
{
    [CommandOption("--cluster <FILE>")]
    [Description("The cluster file: its cluster id, the PostgreSQL its membership lives in, and its hosts, the coordinator first (see testbed/cluster.example.yaml).")]
    public string Cluster { get; init; } = "";

    public override Spectre.Console.ValidationResult Validate() => Cluster.Length == 0
        ? Spectre.Console.ValidationResult.Error("--cluster FILE is needed: the cluster file every host shares")
        : Spectre.Console.ValidationResult.Success();
}
