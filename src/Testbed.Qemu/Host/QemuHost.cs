using System.Globalization;
using Testbed.Lab.Runs;
using Testbed.Lab.Timing;
using Testbed.Qemu.Qmp;
using Testbed.Workload.Guests;

namespace Testbed.Qemu.Host;

/// <summary>
/// Starts QEMU the way every run does: a tracked process of the run (pid file, log),
/// inside the data center's namespace, on its tap, with the QMP socket in the run's
/// sockets folder at mode 0600.
/// </summary>
public static class QemuHost
{
    public const string Program = "qemu-system-x86_64";

    /// <summary>How long QEMU may take to open its QMP socket, from its start.</summary>
    private static readonly TimeSpan SocketOpenTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often the socket is looked for: QEMU gives no other sign that it is there.</summary>
    private static readonly TimeSpan SocketPollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<QemuVm> StartAsync(RunDirectory run, QemuVmOptions options, CancellationToken cancellationToken = default)
    {
        if (options.MemoryMib < GuestMemory.MinimumMib && !options.Paused && !options.IncomingDeferred)
        {
            throw new ArgumentException(
                $"VM {options.Name}: {options.MemoryMib} MiB is too little for the guest kernel to boot; give it at least {GuestMemory.MinimumMib} MiB", nameof(options));
        }

        var qmpSocket = run.SocketPath(options.Name + ".qmp");
        var agentSocket = options.Agent ? AgentSocketPath(qmpSocket) : null;
        var log = Path.Combine(run.LogsPath, options.Name + ".log");
        var process = run.StartProcess(options.Name, Program, Arguments(options, qmpSocket), options.Netns, untilStopped: true);
        try
        {
            await WaitForSocketAsync(qmpSocket, process, log, cancellationToken);
            File.SetUnixFileMode(qmpSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            QmpClient qmp;
            try
            {
                qmp = await ConnectWhenListeningAsync(qmpSocket, process, cancellationToken);
            }
            catch (Exception broken) when (broken is QmpProtocolException or System.Net.Sockets.SocketException or IOException)
            {
                // QEMU opens the QMP socket before it loads the kernel and sets up its devices, so
                // a missing file or ROM shows up here as a refused or cut connection; QEMU's own
                // message says why.
                using var exit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                exit.CancelAfter(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(exit.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (process.HasExited)
                {
                    throw await StartFailureAsync(process, log, cancellationToken);
                }

                throw;
            }

            if (agentSocket is not null)
            {
                // QEMU creates chardevs in command-line order, the QMP one first, so the agent's
                // socket may not exist when QMP's appears; it does once QMP has greeted us, which
                // QEMU's main loop does after every chardev is made.
                File.SetUnixFileMode(agentSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return new QemuVm(options, process, qmp, qmpSocket, options.ConsoleLog ?? log) { AgentSocket = agentSocket };
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    internal static IReadOnlyList<string> Arguments(QemuVmOptions options, string qmpSocket)
    {
        var kernelCommandLine = string.Join(' ', ["console=ttyS0", "panic=-1", "quiet", .. options.KernelArguments]);
        List<string> arguments =
        [
            "-name", options.Name,
            "-accel", options.Accel.Name(),
            .. options.Accel == Accelerator.Kvm ? (string[])["-cpu", "host"] : [],
            "-machine", "q35",
            "-m", options.MemoryMib.ToString(CultureInfo.InvariantCulture),
            "-smp", options.Vcpus.ToString(CultureInfo.InvariantCulture),
            "-nodefaults",
            "-display", "none",
            "-no-reboot",
            "-serial", options.ConsoleLog is null ? "stdio" : $"file:{options.ConsoleLog}",
            "-kernel", options.Image.Kernel,
            "-initrd", options.Image.Initramfs,
            "-append", kernelCommandLine,
            "-qmp", $"unix:{qmpSocket},server=on,wait=off",
        ];
        if (options.Tap is not null)
        {
            arguments.AddRange(["-netdev", $"tap,id=lan,ifname={options.Tap},script=no,downscript=no"]);
            arguments.AddRange(["-device", options.Mac is null ? "virtio-net-pci,netdev=lan" : $"virtio-net-pci,netdev=lan,mac={options.Mac}"]);
        }

        if (options.Agent)
        {
            arguments.AddRange(["-chardev", $"socket,id=agent,path={AgentSocketPath(qmpSocket)},server=on,wait=off", "-serial", "chardev:agent"]);
        }

        if (options.Paused)
        {
            arguments.Add("-S");
        }

        if (options.IncomingDeferred)
        {
            arguments.AddRange(["-incoming", "defer"]);
        }

        return arguments;
    }

    /// <summary>Beside the QMP socket, so the arguments need nothing but it.</summary>
    private static string AgentSocketPath(string qmpSocket) => Path.ChangeExtension(qmpSocket, ".agent");

    private static Task WaitForSocketAsync(string socket, TrackedProcess process, string log, CancellationToken cancellationToken) =>
        WaitUntil.TrueAsync(
            async token => File.Exists(socket) || (process.HasExited ? throw await StartFailureAsync(process, log, token) : false),
            SocketOpenTimeout, SocketPollInterval,
            () => new InvalidOperationException($"QEMU did not open its QMP socket within {SocketOpenTimeout.TotalSeconds:0} s: {(File.Exists(log) ? File.ReadAllText(log).Trim() : "")}"),
            cancellationToken: cancellationToken);

    /// <summary>
    /// The socket's file appears when QEMU binds it, a moment before QEMU listens on it: a
    /// connection refused in between is tried again, while QEMU runs, for as long as QEMU
    /// may take to open the socket at all.
    /// </summary>
    private static Task<QmpClient> ConnectWhenListeningAsync(string socket, TrackedProcess process, CancellationToken cancellationToken) =>
        RefusedConnectionRetry.ConnectAsync(token => QmpClient.ConnectAsync(socket, token), () => !process.HasExited, SocketOpenTimeout, SocketPollInterval, cancellationToken);

    private static async Task<InvalidOperationException> StartFailureAsync(TrackedProcess process, string log, CancellationToken cancellationToken) =>
        new($"QEMU exited at start (exit code {process.ExitCode}): {await LogTextAsync(log, cancellationToken)}");

    private static async Task<string> LogTextAsync(string log, CancellationToken cancellationToken) =>
        File.Exists(log) ? (await File.ReadAllTextAsync(log, cancellationToken)).Trim() : "";
}
