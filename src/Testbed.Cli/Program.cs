using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli;
using Testbed.Cli.Commands;
using Testbed.Cli.Runs;

// Output to a file or a pipe has no terminal width, and Spectre would wrap tables at 80
// columns there, cutting numbers in two; a researcher's redirected output stays one row a line.
if (Console.IsOutputRedirected && Environment.GetEnvironmentVariable("COLUMNS") is null)
{
    AnsiConsole.Profile.Width = 240;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("testbed");
    config.UseStrictParsing();
    config.AddCommand<DoctorCommand>("doctor")
        .WithDescription("Find out, by trying each one, what this machine can do: netem, KVM, QEMU, Mininet, Python, Docker, PostgreSQL.");
    config.AddCommand<CleanCommand>("clean")
        .WithDescription("Remove everything crashed runs left behind: processes, namespaces, interfaces, sockets.");
    config.AddCommand<ValidateCommand>("validate")
        .WithDescription("Check experiment files against experiments/schema.json and their own names; print file:line:col: message for each problem.");
    config.AddBranch("topology", topology =>
    {
        topology.SetDescription("WAN topologies from elsewhere, for experiment files.");
        topology.AddCommand<TopologyImportCommand>("import")
            .WithDescription("Turn an Internet Topology Zoo GraphML file into a topology block (or, with --skeleton, a whole experiment): routers at their coordinates, fibre delays, data centers and user sites by name or spread over delay.");
    });
    config.AddBranch("image", image =>
    {
        image.SetDescription("The guest image: the distro's guest kernel and an initramfs with testbed-guest.");
        image.AddCommand<ImageBuildCommand>("build")
            .WithDescription("Build the guest image, or find it in the cache when nothing changed.");
    });
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks that measure the testbed's parts on this machine.");
        bench.AddCommand<BenchLinksCommand>("links")
            .WithDescription("Measure the emulated WAN: delay error and throughput at 0/50/90% load, and build/teardown time for 10-100 nodes.");
        bench.AddCommand<BenchMigrationCommand>("migration")
            .WithDescription("Migrate real guests (96-256 MiB, 100 Mbit/s and 1 Gbit/s, idle and dirtying) and report QEMU's, the user's and the model's figures.");
        bench.AddCommand<BenchOverlayCommand>("overlay")
            .WithDescription("Measure the smart router against kernel forwarding, and one migration under each mechanism (overlay, home-tunnel, l2-stretch, readdress).");
        bench.AddCommand<BenchAgreementCommand>("agreement")
            .WithDescription("Put ping beside the users' probe and iperf3 beside the link emulator's counters, through a mechanism to a real guest.");
        bench.AddCommand<BenchHarnessCommand>("harness")
            .WithDescription("Run an experiment (one-move by default) several times and report the CPU of every process in each phase: what the harness costs the guests.");
    });
    config.AddBranch("dashboards", dashboards =>
    {
        dashboards.SetDescription("Grafana and its PostgreSQL results database, in Docker.");
        dashboards.AddCommand<DashboardsUpCommand>("up")
            .WithDescription("Start Grafana and PostgreSQL (idempotent); print Grafana's URL and, once, its admin password.");
        dashboards.AddCommand<DashboardsDownCommand>("down")
            .WithDescription("Remove the dashboards' containers and network; the results database's volume stays unless --purge.");
    });
    config.AddCommand<WorkerCommand>("worker")
        .WithDescription("Join this machine to a cluster of lab machines (--cluster FILE): its silo serves the cluster's runs until stopped.");
    config.AddBranch("cluster", cluster =>
    {
        cluster.SetDescription("A cluster of lab machines: Orleans silos on PostgreSQL membership.");
        cluster.AddCommand<ClusterStatusCommand>("status")
            .WithDescription("Each host of the cluster file: its membership, the process that answers for it, and its clock's offset from this machine's.");
    });
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run an experiment end to end; results/EXPERIMENT/RUN_ID/ gets every record as it happens, then summary.json. A file with sweep: or repeat: runs every point and compares them.");
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("Compare existing runs or sweeps: mean and 95% confidence interval per point, as a table, comparison.csv, comparison.md and error-bar charts.");
    config.AddCommand<ReportCommand>("report")
        .WithDescription("(Re)write report.md and the PNG plots of runs already on disk: run directories, or folders holding runs.");
    config.AddCommand<ImportCommand>("import")
        .WithDescription("Write runs already on disk (a run's, a sweep's or an experiment's results directory) to the results database; a run already there is left as it is.");
    config.SetExceptionHandler((exception, _) => OneLineErrors.Report(exception));
});

// SIGINT and SIGTERM cancel, so that runs tear down what they made (ProcessInterruption).
using var signals = ProcessInterruption.Handle();
return await app.RunAsync(args, ProcessInterruption.Current.Stopping);
