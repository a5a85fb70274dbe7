using System.Diagnostics;
using Testbed.Guest.Boot;
using Testbed.Guest.Services;
using Testbed.Workload.Guests;

// As the VM's /init (PID 1) the settings come from the kernel command line and the
// machine must be set up first; as a plain process they come from the arguments.
var started = Stopwatch.StartNew();
var isInit = Environment.ProcessId == 1;
string? device = null;
try
{
    if (isInit)
    {
        EarlyUserspace.MountFileSystems();
    }

    var words = isInit ? File.ReadAllText("/proc/cmdline").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : args;
    var settings = GuestSettings.Parse(words);
    if (isInit)
    {
        EarlyUserspace.LoadModules();
        if (settings.Address is not null)
        {
            device = NetworkSetup.WaitForEthernet(TimeSpan.FromSeconds(10));
            NetworkSetup.Configure(device, settings.Address, settings.PrefixLength, settings.Gateway, settings.Mac);
        }
    }

    var state = new GuestState(settings.Name, settings.DirtyMegabytesPerSecond) { Interface = device };
    var commands = new ControlCommands(state);
    if (isInit)
    {
        AgentChannel.Start(commands);
        IperfServer.Start(TimeSpan.FromSeconds(20));
    }

    var dirtier = new Thread(() => new MemoryDirtier(state, settings.DirtyMebibytes).Run(CancellationToken.None)) { IsBackground = true, Name = "dirtier" };
    dirtier.Start();
    new RequestResponseServer(state, commands, settings.ServiceTime).Start();
    ProbeEchoServer.Start();

    // The host reads this line on the serial console as "booted and serving".
    Console.WriteLine($"testbed-guest: serving as {settings.Name} at {settings.Address}/{settings.PrefixLength} after {started.ElapsedMilliseconds} ms");
    // A service that ends must end the guest loudly, not leave it half deaf.
    await ServiceThreads.FirstStopped;
    throw new InvalidOperationException("a service stopped");
}
catch (Exception failure)
{
    // As PID 1 this exit panics the kernel, and QEMU (-no-reboot) exits: the error is the last serial line.
    Console.WriteLine($"testbed-guest: fatal: {failure.Message}");
    return 1;
}
