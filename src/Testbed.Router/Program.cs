using System.Runtime.InteropServices;
using System.Text.Json;
using Testbed.Overlay.Control;
using Testbed.Overlay.DataPlane;

// testbed-router --config FILE: one data center's smart router, run inside that router's
// network namespace by the testbed. It forwards until SIGTERM or SIGINT, then removes its
// policy-routing rules; its TUN disappears with the process.
if (args is not ["--config", var path])
{
    Console.Error.WriteLine("usage: testbed-router --config FILE");
    return 2;
}

RouterConfiguration configuration;
try
{
    configuration = JsonSerializer.Deserialize<RouterConfiguration>(File.ReadAllText(path))
        ?? throw new JsonException("the file is empty");
}
catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"testbed-router: {path}: {e.Message}");
    return 2;
}

// A router is network infrastructure: VMs under TCG keep both cores busy, and a starved
// router would show up as network downtime. Threads made from here on inherit the nice value.
System.Diagnostics.Process.GetCurrentProcess().PriorityClass = System.Diagnostics.ProcessPriorityClass.High;

using var stopping = new CancellationTokenSource();
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });

using var router = new SmartRouter(configuration);
try
{
    await router.StartAsync(stopping.Token);
}
catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException or Testbed.Lab.Processes.CommandFailedException or Testbed.Lab.Processes.ProgramMissingException)
{
    Console.Error.WriteLine($"testbed-router {configuration.Name}: cannot start: {e.Message}");
    return 1;
}

// Before the control socket opens, so that no request, and no commit in a migration's pause, waits for the compiler.
await ControlWarmUp.RunAsync(configuration);
await using (ControlServer.Start(configuration.ControlSocket, new RouterController(router)))
{
    Console.WriteLine($"testbed-router {configuration.Name}: forwarding {configuration.ServicePrefix} on {configuration.UnderlayAddress}:{configuration.Port}");
    try
    {
        await Task.Delay(Timeout.Infinite, stopping.Token);
    }
    catch (OperationCanceledException)
    {
    }
}

await router.StopAsync();
Console.WriteLine($"testbed-router {configuration.Name}: stopped");
return 0;
