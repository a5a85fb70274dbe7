using System.ComponentModel;
using Spectre.Console.Cli;
using Testbed.Cli.Runs;
using Testbed.Results.Reading;
using Testbed.Results.Store;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed import RUN_DIR...`: writes runs already on disk (a run's directory, a sweep's, or
/// an experiment's) to the results database, for example after a run that could not reach
/// it, or to fill the lab's database for Grafana. A run already there is left as it is.
/// </summary>
internal sealed class ImportCommand : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<runs>")]
        [Description("Results directories: a run's (results/EXPERIMENT/RUN_ID), or any folder above runs, such as results/EXPERIMENT.")]
        public string[] Runs { get; init; } = [];

        [CommandOption("--results-db <CONNECTION>")]
        [Description("A PostgreSQL database (Host=...;Database=...;Username=..., or postgresql://USER@HOST/DB; its password from PGPASSWORD or a password file, never here) or a SQLite file (*.db); default: TESTBED_RESULTS_DB, the lab's, or results/testbed.db.")]
        public string? ResultsDb { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var directories = RunDirectories.Expand(settings.Runs);
            var location = ResultsDatabaseLocation.Choose(settings.ResultsDb, RunCommand.ResultsRoot());
            await using var store = await ResultsStore.OpenAsync(location, cancellationToken);
            foreach (var directory in directories)
            {
                var outcome = await store.ImportAsync(RunResultsReader.Read(directory), cancellationToken);

                // Plain writes, not markup: paths may hold brackets.
                Console.Out.WriteLine($"{directory}: {ResultsDatabaseWrite.Describe(outcome)}");
            }

            Console.Error.WriteLine($"testbed: {directories.Count} run(s) in {location}");
            return 0;
        }
        catch (Exception e) when (e is ResultsDatabaseException or DirectoryNotFoundException or InvalidDataException or System.Data.Common.DbException)
        {
            throw new UserFacingException(e.Message);
        }
    }
}
