using Testbed.Client.Hosting;
using Testbed.Client.Output;
using Testbed.Workload.Clients;

// testbed-client ARGS: one user group's load, started by the host inside the namespace of
// the group's first site. Records go to standard output (Testbed.Workload.Records), commands
// come on standard input; see ClientArguments for the arguments.
ClientOptions options;
try
{
    options = ClientArguments.Parse(args);
}
catch (UsageException e)
{
    ClientLog.Warn(e.Message);
    return 2;
}

try
{
    await ClientRun.RunAsync(options, Console.OpenStandardOutput(), new StreamReader(Console.OpenStandardInput()));
    return 0;
}
catch (Exception e)
{
    ClientLog.Warn($"group {options.Group}: fatal: {e.Message}");
    return 1;
}
