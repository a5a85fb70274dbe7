using Spectre.Console.Cli;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed run EXPERIMENT`: the README's main command. The experiment engine is not built
/// yet, so it says so in one line rather than answering "unknown command".
/// </summary>
internal sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[experiment]")]
        public string? Experiment { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        throw new UserFacingException("'run' is not built yet: the experiment engine is still to come (see README.md, Status); 'validate' checks experiment files now, and 'doctor' and 'clean' work");
}
