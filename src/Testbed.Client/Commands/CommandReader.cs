using Testbed.Client.Output;
using Testbed.Workload.Clients;

namespace Testbed.Client.Commands;

/// <summary>
/// Reads commands from standard input on a thread of its own and hands each to
/// <paramref name="apply"/>. A bad line is reported on standard error and skipped. The end of
/// input counts as a stop: the host that would send one has gone.
/// </summary>
internal sealed class CommandReader(TextReader input, Action<ClientCommand> apply)
{
    public void Start() => new Thread(Read) { IsBackground = true, Name = "commands" }.Start();

    private void Read()
    {
        try
        {
            while (input.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                ClientCommand command;
                try
                {
                    command = ClientCommand.Parse(line.Trim());
                }
                catch (UsageException e)
                {
                    ClientLog.Warn($"ignored \"{line.Trim()}\": {e.Message}");
                    continue;
                }

                apply(command);
                if (command is StopCommand)
                {
                    return;
                }
            }
        }
        catch (IOException e)
        {
            ClientLog.Warn($"standard input failed ({e.Message}): stopping");
        }

        apply(new StopCommand());
    }
}
