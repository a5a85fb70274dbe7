using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Bench;
using Testbed.Lab.Doctor;
using Testbed.Lab.Runs;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Workload.Records;

namespace Testbed.Cli.Commands;

/// <summary>`testbed bench migration [--json]`: real migrations, QEMU's figures beside the user's and the model's.</summary>
internal sealed class BenchMigrationCommand : AsyncCommand<BenchMigrationCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print a JSON list of rows instead of a table.")]
        public bool Json { get; init; }

        [CommandOption("--memory <MIB>")]
        [Description("Guest memory sizes in MiB, comma-separated (default 96,128,256; the guest kernel needs at least 96).")]
        public string Memory { get; init; } = "96,128,256";

        [CommandOption("--links <MBPS>")]
        [Description("Link rates between the data centers in Mbit/s, comma-separated (default 100,1000).")]
        public string Links { get; init; } = "100,1000";

        [CommandOption("--dirty <MBPS>")]
        [Description("Guest dirtying loads in MB/s, comma-separated (default 0,5).")]
        public string Dirty { get; init; } = "0,5";

        public override ValidationResult Validate() =>
            Parse(Memory) is null || Parse(Links) is null || Parse(Dirty) is null
                ? ValidationResult.Error("--memory, --links and --dirty take comma-separated positive numbers, such as 64,128")
                : ValidationResult.Success();

        public static double[]? Parse(string list)
        {
            var values = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= 0 ? x : double.NaN)
                .ToArray();
            return values.Length > 0 && values.All(double.IsFinite) ? values : null;
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("bench migration");
        var root = RuntimeRoot.FromEnvironment();
        var image = await GuestImageBuilder.BuildDefaultAsync(cancellationToken);
        var accel = await AcceleratorProbe.ChooseAsync(root, cancellationToken);
        Console.Error.WriteLine($"testbed: migration benchmark with {accel.Name()}, guest image {image.Id}, probe every {MigrationBench.ProbeInterval.TotalMilliseconds} ms");

        var rows = new List<MigrationBenchRow>();
        foreach (var memory in Settings.Parse(settings.Memory)!)
        {
            foreach (var link in Settings.Parse(settings.Links)!)
            {
                foreach (var dirty in Settings.Parse(settings.Dirty)!)
                {
                    Console.Error.WriteLine($"testbed: {memory} MiB over {link} Mbit/s, dirtying {dirty} MB/s...");
                    rows.Add(await MigrationBench.RunCaseAsync(root, image, accel, (int)memory, link, dirty, cancellationToken));
                }
            }
        }

        if (settings.Json)
        {
            JsonOutput.Write(rows);
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in (string[])["MiB", "Mbit/s", "dirty", "outcome", "total", "qemu dt", "restore", "converge", "client dt", "MB", "model"])
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(
                $"{row.MemoryMib}", $"{row.LinkMbps:0}", $"{row.DirtyMbps:0.#}", row.Outcome == EnumWords<MigrationOutcome>.Word(MigrationOutcome.Completed) ? "ok" : row.Outcome,
                $"{row.QemuTotalMs}", $"{row.QemuDowntimeMs}", $"{row.RestoreMs:0}", $"{row.ConvergenceMs:0}",
                $"{row.ClientDowntimeMs:0}", $"{row.Bytes / 1e6:0}", $"{row.ModelTotalMs:0}");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("dirty: guest load in MB/s. total, qemu dt: QEMU's total time and downtime. restore: source completed to destination RESUME.");
        AnsiConsole.MarkupLine("outcome: ok, failed, cancelled, or 'guest crashed'/'guest silent' when QEMU completed but the guest never answered from the destination.");
        AnsiConsole.MarkupLine("converge: RESUME to the first probe answer. client dt: the longest gap the 5 ms probe saw. MB: sent. model: RAM / bandwidth. All times in ms.");
        return 0;
    }
}
