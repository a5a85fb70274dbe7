using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Testbed.Control.Runs;

/// <summary>
/// The run's log file (results/EXPERIMENT/RUN_ID/run.log), written through Serilog's file
/// sink: the testbed's own messages from Information (Debug with --verbose), Orleans', its
/// retry pipeline's (Polly) and the framework's from Warning (Information with --verbose), each line flushed as written
/// so that a crash keeps it.
/// </summary>
public static class RunLog
{
    public static ILoggerProvider Create(string path, bool verbose) =>
        new SerilogLoggerProvider(
            new LoggerConfiguration()
                .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
                .MinimumLevel.Override("Orleans", verbose ? LogEventLevel.Information : LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft", verbose ? LogEventLevel.Information : LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", verbose ? LogEventLevel.Information : LogEventLevel.Warning)
                .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", flushToDiskInterval: null, buffered: false)
                .CreateLogger(),
            dispose: true);
}
