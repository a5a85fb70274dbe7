using Microsoft.Extensions.Logging;

namespace Testbed.Control.Grains;

public sealed partial class VirtualMachineGrain
{
    /// <summary>What a VM's grain writes to the run's log (run.log), one method a message.</summary>
    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Information, "{Service}: migrating {From} -> {To} ({Reason})")]
        public static partial void MigrationStarted(ILogger logger, string service, string from, string to, string reason);

        [LoggerMessage(102, LogLevel.Information, "{Service}: migration {From} -> {To} {Outcome}, QEMU downtime {DowntimeMs} ms{Why}")]
        public static partial void MigrationEnded(ILogger logger, string service, string from, string to, string outcome, long? downtimeMs, string why);

        [LoggerMessage(103, LogLevel.Information, "{Service}: replica {From} -> {To} {Outcome}{Why}")]
        public static partial void ReplicationEnded(ILogger logger, string service, string from, string to, string outcome, string why);

        [LoggerMessage(104, LogLevel.Warning, "{Service}: no replica in {To}: the {Mechanism} mechanism cannot serve replicas")]
        public static partial void ReplicaRefused(ILogger logger, string service, string to, string mechanism);
    }
}
